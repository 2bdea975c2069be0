/** Failed logins allowed per client address within {@link WINDOW_MS} before further tries are refused. */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;

/**
 * Slows password guessing: after 10 failed logins from one address in 15 minutes, that address is refused
 * until the window passes. Memory only, which is enough for one dashboard process.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, { count: number; since: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when `address` may try to log in now. */
  allowed(address: string): boolean {
    const entry = this.#failures.get(address);
    if (!entry) return true;
    if (this.#now() - entry.since > WINDOW_MS) {
      this.#failures.delete(address);
      return true;
    }
    return entry.count < MAX_FAILURES;
  }

  /** Records a failed login. */
  fail(address: string): void {
    const entry = this.#failures.get(address);
    if (!entry || this.#now() - entry.since > WINDOW_MS)
      this.#failures.set(address, { count: 1, since: this.#now() });
    else entry.count += 1;
  }

  /** A successful login clears the address's failures. */
  succeed(address: string): void {
    this.#failures.delete(address);
  }
}
