import { ConfigurationError } from '../errors.js';
import { jwtExpiry } from './jwt.js';
import type { Logger } from './logger.js';
import type { Redactor } from './redact.js';
import type { TokenSource } from './transport.js';

/** The guide's token lifetime, used when neither the JWT nor the response says otherwise. */
const DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Renew this long before expiry (the guide renews an hour early). */
const RENEW_BEFORE_MS = 60 * 60 * 1000;

/** Logs in and returns the access token and, when the server said, its lifetime in seconds. */
export type LoginFn = () => Promise<{ accessToken: string; expiresIn?: number | undefined }>;

/**
 * Caches the bearer JWT until an hour before it expires (its own `exp` when present) and shares one login
 * among all concurrent callers, so a burst of calls on a cold client costs one login, not one per call.
 */
export class TokenManager implements TokenSource {
  readonly enabled: boolean;
  /** How many logins were made; exposed for tests and benchmarks. */
  logins = 0;
  #token: string | undefined;
  #renewAt = 0;
  #pending: Promise<string> | undefined;
  readonly #login: LoginFn;
  readonly #redactor: Redactor;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(options: {
    enabled: boolean;
    login: LoginFn;
    redactor: Redactor;
    logger: Logger;
    now?: () => number;
  }) {
    this.enabled = options.enabled;
    this.#login = options.login;
    this.#redactor = options.redactor;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** A valid token: the cached one, the login already under way, or a new login. */
  get(): Promise<string> {
    if (!this.enabled) {
      return Promise.reject(
        new ConfigurationError(
          'This call needs a login, but the client has no e-mail and password. Pass email and password (or INBOX_HUB_EMAIL / INBOX_HUB_PASSWORD).',
        ),
      );
    }
    if (this.#token !== undefined && this.#now() < this.#renewAt) return Promise.resolve(this.#token);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops `token` if it is the cached one, so the next `get()` logs in again. */
  invalidate(token: string): void {
    if (this.#token === token) {
      this.#redactor.delete(token);
      this.#token = undefined;
      this.#renewAt = 0;
    }
  }

  async #refresh(): Promise<string> {
    this.logins++;
    this.#logger.debug('Logging in to Inbox Hub');
    const { accessToken, expiresIn } = await this.#login();
    const now = this.#now();
    const exp = jwtExpiry(accessToken);
    const expiresAt =
      exp !== undefined
        ? exp * 1000
        : expiresIn !== undefined
          ? now + expiresIn * 1000
          : now + DEFAULT_LIFETIME_MS;
    const lifetime = Math.max(0, expiresAt - now);
    // An hour early, or halfway for tokens that live less than two hours.
    this.#renewAt = expiresAt - Math.min(RENEW_BEFORE_MS, lifetime / 2);
    if (this.#token) this.#redactor.delete(this.#token);
    this.#token = accessToken;
    this.#redactor.add(accessToken);
    return accessToken;
  }
}
