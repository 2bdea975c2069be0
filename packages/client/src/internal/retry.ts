/** Statuses worth another try: the request may succeed as is a moment later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** First backoff delay, doubled on each retry up to {@link MAX_DELAY_MS}. */
export const INITIAL_DELAY_MS = 500;
/** Longest backoff delay. */
export const MAX_DELAY_MS = 8_000;
/** The longest `Retry-After` honoured; a server asking for more gets the error back instead of a hang. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Delay before retry number `retry` (0-based): exponential backoff with up to 25% jitter, so many clients
 * that failed together do not retry together. A server's `Retry-After` wins when it is reasonable.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0 && retryAfterMs <= MAX_RETRY_AFTER_MS)
    return retryAfterMs;
  const base = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** retry);
  return Math.round(base * (1 - random() * 0.25));
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) and the non-standard `retry-after-ms`, in milliseconds.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  return parseRetryAfterValue(headers.get('retry-after'), now);
}

/** One `Retry-After` value (seconds or an HTTP date) in milliseconds, or `undefined` when unreadable. */
export function parseRetryAfterValue(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
