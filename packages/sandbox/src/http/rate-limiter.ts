import type { Clock } from '../clock.js';

/** Requests allowed per window, per API key. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Generous enough for polling clients and benchmarks; tests set a small one to reach 429. */
export const defaultRateLimit: RateLimit = { limit: 600, windowMs: 60_000 };

/** Most keys tracked at once; past that the oldest windows are dropped (a flood of fresh keys costs nothing). */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * A fixed-window counter per key. Fixed windows make `Retry-After` exact and predictable, which is what a
 * test of a client's back-off needs. A window is forgotten once it has passed (swept at most once per
 * window), and no more than {@link MAX_TRACKED_KEYS} are kept, so login identifiers an attacker makes up
 * cannot grow memory without end.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rule: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** How many keys are tracked now. */
  get size(): number {
    return this.windows.size;
  }

  /** Counts a request; returns the seconds to wait when it is over the limit. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.rule.windowMs) {
      window = { start: now, count: 0 };
      this.windows.delete(key);
      this.windows.set(key, window);
      // Insertion order is age order: when full, the one new key pushes out the oldest.
      if (this.windows.size > MAX_TRACKED_KEYS) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
    }
    if (window.count >= this.rule.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000));
      return { allowed: false, retryAfterSeconds };
    }
    window.count += 1;
    return { allowed: true };
  }

  /** Forgets every window that has ended; runs at most once per window length. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.rule.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (now >= window.start + this.rule.windowMs) this.windows.delete(key);
    }
  }
}
