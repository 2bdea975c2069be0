import { DEFAULT_RETRY } from './delivery/backoff.js';

/**
 * The relay's defaults, for `createRelay` and for the command's settings alike, so the library and the
 * `inbox-hub-relay` command cannot drift apart.
 */
export const RELAY_DEFAULTS = {
  /** Time between two polls (one list request each), ms. */
  intervalMs: 5_000,
  /** Deliveries in flight at once, per instance. */
  concurrency: 8,
  /** Time a receiver has to answer one delivery, ms. */
  timeoutMs: 10_000,
  /** A claimed delivery stays with its instance this much longer than the timeout, ms. */
  leaseMarginMs: 20_000,
  /** How often an idle instance looks for due deliveries, ms. */
  claimIntervalMs: 500,
  /** On stop, how long deliveries in flight may finish before they are handed back, ms. */
  shutdownGraceMs: 10_000,
  retry: DEFAULT_RETRY,
} as const;
