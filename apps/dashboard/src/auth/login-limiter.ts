/** Failed sign-ins a (user name, address) pair gets before each further try must wait. */
const FREE_FAILURES = 3;
/** The first wait, doubled after each further failure up to {@link MAX_DELAY_MS}. */
const FIRST_DELAY_MS = 1_000;
/** The longest wait: the worst an attacker who shares the operator's address can impose on the operator. */
export const MAX_DELAY_MS = 30_000;
/** A pair quiet this long is forgotten. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Most pairs tracked at once; the oldest are dropped past it. */
const MAX_TRACKED = 10_000;

/**
 * Slows password guessing without handing an attacker a lock: failures are counted per (user name, client
 * address), and after a few, each further try must wait (1 s, 2 s, 4 s … at most 30 s) since the last
 * failure. Nothing is ever refused for longer than that, so someone behind the operator's address (an
 * office NAT) who types wrong passwords can at worst make the operator wait 30 s, and guesses under other
 * user names do not slow the operator at all. A success clears the pair. Memory only: one process.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, { count: number; last: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Whether this user name may try from this address now, or how long to wait first. */
  check(user: string, address: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const key = keyOf(user, address);
    const entry = this.#failures.get(key);
    if (!entry) return { ok: true };
    const now = this.#now();
    if (now - entry.last > FORGET_AFTER_MS) {
      this.#failures.delete(key);
      return { ok: true };
    }
    if (entry.count < FREE_FAILURES) return { ok: true };
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (entry.count - FREE_FAILURES));
    const wait = entry.last + delay - now;
    return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
  }

  /** Records a failed sign-in. */
  fail(user: string, address: string): void {
    const key = keyOf(user, address);
    const now = this.#now();
    const entry = this.#failures.get(key);
    this.#failures.delete(key);
    const fresh = !entry || now - entry.last > FORGET_AFTER_MS;
    this.#failures.set(key, { count: fresh ? 1 : entry.count + 1, last: now });
    while (this.#failures.size > MAX_TRACKED) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  /** A successful sign-in clears the pair's failures. */
  succeed(user: string, address: string): void {
    this.#failures.delete(keyOf(user, address));
  }
}

function keyOf(user: string, address: string): string {
  return `${user.trim().toLowerCase()}\u0000${address}`;
}
