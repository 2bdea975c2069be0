/** A date as `2025-10-14 09:30` (UTC). The browser script rewrites it in the reader's time zone. */
export function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whole seconds left until `expiresAt`, never negative. */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
