// Brings in the types of what the contract-testing global setup provides to tests (baseUrl, isPrism).
import type {} from '@inbox-hub/contract-testing/global-setup';
