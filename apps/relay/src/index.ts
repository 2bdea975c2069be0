/**
 * @inbox-hub/relay: Inbox Hub session events (from `hub.watch()`), stored in a durable outbox and delivered
 * to CRM endpoints as signed Standard Webhooks, plus an SSE stream. The `inbox-hub-relay` bin runs it;
 * these exports let a program embed it or open its outbox.
 */
export { DEFAULT_RETRY, type RetryPolicy, retryDelayMs } from './delivery/backoff.js';
export type { DeliveryStats } from './delivery/deliverer.js';
export {
  type AttemptResult,
  attemptDelivery,
  MAX_RESPONSE_BYTES,
  signerFor,
  webhookHeaders,
} from './delivery/send.js';
export { type Endpoint, parseEventTypes, secretProblem } from './endpoints.js';
export { type Logger, silentLogger, stderrLogger } from './logger.js';
export { type TickResult, toNewEvent, type WatchSettings } from './poller.js';
export { createRelay, type Relay, type RelayOptions } from './relay.js';
export { describeTarget, openOutbox, type StorageTarget } from './storage/open.js';
export {
  type Claimed,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  type ListFilter,
  type NewEvent,
  type Outbox,
  type Outcome,
  type PollerState,
  type StoredEvent,
  type TickCommit,
} from './storage/outbox.js';
export { openPostgresOutbox, POLLER_LOCK_KEY, type PostgresOutboxOptions } from './storage/postgres.js';
export { openSqliteOutbox } from './storage/sqlite.js';
