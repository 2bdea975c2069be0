import type { Clock } from '../clock.js';

/** Requests allowed per window, per API key. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Generous enough for polling clients and benchmarks; tests set a small one to reach 429. */
export const defaultRateLimit: RateLimit = { limit: 600, windowMs: 60_000 };

/**
 * A fixed-window counter per key. Fixed windows make `Retry-After` exact and predictable, which is what a
 * test of a client's back-off needs.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** Counts a request; returns the seconds to wait when it is over the limit. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.rule.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.rule.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000));
      return { allowed: false, retryAfterSeconds };
    }
    window.count += 1;
    return { allowed: true };
  }
}
