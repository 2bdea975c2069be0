// Brings in the `inject('baseUrl')` typing that the contract-testing global setup provides.
import type {} from '@inbox-hub/contract-testing/global-setup';
