/** When to try a failed delivery again. */
export interface RetryPolicy {
  /** The first wait, in ms; each next one doubles. */
  baseMs: number;
  /** The longest wait, in ms. */
  maxMs: number;
  /** Attempts before a delivery is dead (kept for `outbox replay`). */
  maxAttempts: number;
}

/** Defaults: 5 s doubling to 1 h, 12 attempts (about 2.5 h of retries before a delivery is dead). */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 3_600_000, maxAttempts: 12 };

/**
 * The wait after the `attempt`-th failure: exponential (`baseMs · 2^(attempt-1)`, at most `maxMs`) with
 * "equal jitter" (half fixed, half random), so a receiver that comes back is not hit by every relay's
 * retries at the same moment, and no wait is shorter than half its step. A receiver's `Retry-After` wins
 * when it asks for longer (up to `maxMs`).
 */
export function retryDelayMs(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const jittered = Math.round(step / 2 + (random() * step) / 2);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxMs));
}
