/** Where the sandbox reads the time. Every expiry (QR codes, tokens, rate-limit windows) goes through it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A clock tests move by hand, so a 60 s QR expires in no time and no assertion depends on real time. */
export interface ManualClock extends Clock {
  /** Moves the time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the time to `epochMs`. */
  set(epochMs: number): void;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Creates a {@link ManualClock}. It starts at `startMs` (default: a fixed date, so test output is stable)
 * and only moves when told to.
 */
export function createManualClock(startMs = Date.parse('2025-10-14T09:30:00.000Z')): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('ManualClock.advance: ms must be a finite number >= 0.');
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}
