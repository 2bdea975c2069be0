import createClient, { type Client } from 'openapi-fetch';
import { ConfigurationError, InvalidResponseError } from './errors.js';
import { type EnsureSessionResult, ensureSession } from './flows/ensure-session.js';
import {
  type ReconnectOptions,
  type ReconnectResult,
  reconnectDisconnected,
} from './flows/reconnect-disconnected.js';
import { type SetupSessionOptions, type SetupSessionResult, setupSession } from './flows/setup-session.js';
import { type WaitOptions, type WaitResult, waitForConnection } from './flows/wait-for-connection.js';
import type { paths } from './generated/schema.js';
import { TokenManager } from './internal/auth.js';
import { DEFAULT_MAX_RESPONSE_BYTES, guardedFetch } from './internal/guarded-fetch.js';
import { type Logger, silentLogger } from './internal/logger.js';
import { defaultFetch, processEnv } from './internal/platform.js';
import { Redactor, scrubTokens } from './internal/redact.js';
import { type RequestOptions, Transport } from './internal/transport.js';
import { Sessions } from './sessions.js';
import type { SessionRef } from './types.js';
import { SessionWatcher, type WatchOptions } from './watch/watcher.js';

/** Options of {@link InboxHub}. */
export interface InboxHubOptions {
  /** The API's base URL, such as `https://api.inbox-hub.com`. */
  baseUrl: string;
  /** The account's API key (`X-API-Key`). */
  apiKey: string;
  /** The account e-mail, for the routes that take a bearer JWT. Optional; give it with `password`. */
  email?: string | undefined;
  /** The account password. Optional; give it with `email`. */
  password?: string | undefined;
  /** A `fetch` to use instead of the global one (tests, proxies, custom agents). */
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in milliseconds. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Retries for requests that are safe to repeat. Default 2. */
  maxRetries?: number | undefined;
  /**
   * Most requests this client has on the wire at once; more wait in a queue (their timeout starts when
   * they are sent). Default 16. Keeps bursts inside the API's rate limit and a proxy's connection limits.
   */
  maxConcurrency?: number | undefined;
  /** Receives retry and login notes (never secrets). Silent by default. */
  logger?: Logger | undefined;
  /**
   * The largest response body the client reads, in bytes. Default 5 MB (API answers are a few KB); a larger
   * one ends in a `ResponseTooLargeError` instead of filling memory.
   */
  maxResponseBytes?: number | undefined;
}

/** The environment variables {@link InboxHub.fromEnv} reads. */
export const ENV_VARS = {
  baseUrl: 'INBOX_HUB_BASE_URL',
  apiKey: 'INBOX_HUB_API_KEY',
  email: 'INBOX_HUB_EMAIL',
  password: 'INBOX_HUB_PASSWORD',
} as const;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_CONCURRENCY = 16;

function configError(message: string): ConfigurationError {
  return new ConfigurationError(message);
}

/**
 * The Inbox Hub client: the session endpoints (`hub.sessions`), the guide's flows, and the raw typed
 * openapi-fetch client (`hub.raw`) for anything else. It reads no environment unless you call
 * {@link InboxHub.fromEnv}.
 *
 * @example
 * const hub = new InboxHub({ baseUrl: 'https://api.inbox-hub.com', apiKey: process.env.INBOX_HUB_API_KEY! });
 * const { session, qr } = await hub.setupSession('cliente_12345', { phoneNumber: '34612345678' });
 */
export class InboxHub {
  /** The session endpoints. */
  readonly sessions: Sessions;
  /**
   * The typed openapi-fetch client, already sending the API key, for a route `sessions` does not cover. It
   * returns openapi-fetch's `{ data, error, response }` and does no retries. It shares the client's
   * safety rules: it follows no redirect (a `RedirectError`), reads at most `maxResponseBytes` (a
   * `ResponseTooLargeError`) and gives up after `timeoutMs` (a `TimeoutError`; pass a `signal` to cancel
   * sooner).
   */
  readonly raw: Client<paths>;
  readonly #tokens: TokenManager;
  readonly #baseUrl: string;

  constructor(options: InboxHubOptions) {
    if (typeof options !== 'object' || options === null) {
      throw configError('new InboxHub() needs an options object: { baseUrl, apiKey }.');
    }
    const baseUrl = InboxHub.#checkBaseUrl(options.baseUrl, 'baseUrl');
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw configError('new InboxHub() needs apiKey: pass the account API key (INBOX_HUB_API_KEY).');
    }
    if (Boolean(options.email) !== Boolean(options.password)) {
      throw configError(
        `new InboxHub() got ${options.email ? 'email without password' : 'password without email'}: pass both, or neither when only the API key is used.`,
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw configError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}.`);
    }
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
      throw configError(`maxRetries must be an integer from 0 to 10, got ${String(maxRetries)}.`);
    }
    const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw configError(`maxConcurrency must be a positive integer, got ${String(maxConcurrency)}.`);
    }
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1024) {
      throw configError(
        `maxResponseBytes must be an integer of at least 1024 bytes, got ${String(maxResponseBytes)}.`,
      );
    }
    const logger = options.logger ?? silentLogger;
    const redactor = new Redactor();
    redactor.add(options.apiKey);
    redactor.add(options.password);
    this.#baseUrl = baseUrl;

    const fetchImpl = options.fetch ?? defaultFetch;
    const scrub = (text: string) => scrubTokens(redactor.text(text));
    const guard = { baseUrl, maxResponseBytes, scrub };
    const clientOptions = { baseUrl, headers: { 'X-API-Key': options.apiKey }, redirect: 'manual' as const };
    // Two openapi-fetch clients over the same guarded fetch: the transport's, whose attempts it times and
    // retries itself, and the public `raw`, which gets the client's timeout in the fetch guard.
    const api = createClient<paths>({ ...clientOptions, fetch: guardedFetch(fetchImpl, guard) });
    this.raw = createClient<paths>({
      ...clientOptions,
      fetch: guardedFetch(fetchImpl, { ...guard, timeoutMs }),
    });
    const transport = new Transport({ baseUrl, timeoutMs, maxRetries, maxConcurrency, logger, redactor });
    const { email, password } = options;
    this.#tokens = new TokenManager({
      enabled: Boolean(email && password),
      redactor,
      logger,
      login: async () => {
        const { data } = await transport.request<{ accessToken?: unknown; expiresIn?: unknown }>({
          operation: 'login',
          send: ({ headers, signal }) =>
            api.POST('/api/auth/login', {
              body: { identifier: email as string, password: password as string },
              headers,
              signal,
              parseAs: 'text',
            }),
        });
        if (typeof data.accessToken !== 'string' || data.accessToken === '') {
          throw new InvalidResponseError(
            'Inbox Hub answered the login without an accessToken. Check INBOX_HUB_BASE_URL.',
            { status: 200 },
          );
        }
        return {
          accessToken: data.accessToken,
          expiresIn: typeof data.expiresIn === 'number' ? data.expiresIn : undefined,
        };
      },
    });
    transport.tokens = this.#tokens;
    this.sessions = new Sessions(api, transport);
  }

  /**
   * Builds a client from `INBOX_HUB_BASE_URL`, `INBOX_HUB_API_KEY` and, optionally, `INBOX_HUB_EMAIL` and
   * `INBOX_HUB_PASSWORD`. Pass `env` to read another object than `process.env`.
   */
  static fromEnv(
    env?: Record<string, string | undefined>,
    overrides: Partial<Omit<InboxHubOptions, 'baseUrl' | 'apiKey' | 'email' | 'password'>> = {},
  ): InboxHub {
    const source = env ?? processEnv();
    const baseUrl = source[ENV_VARS.baseUrl];
    const apiKey = source[ENV_VARS.apiKey];
    if (!baseUrl) {
      throw configError(
        `${ENV_VARS.baseUrl} is not set: set it to the API's URL, such as https://api.inbox-hub.com.`,
      );
    }
    InboxHub.#checkBaseUrl(baseUrl, ENV_VARS.baseUrl);
    if (!apiKey) throw configError(`${ENV_VARS.apiKey} is not set: set it to your Inbox Hub API key.`);
    const email = source[ENV_VARS.email] || undefined;
    const password = source[ENV_VARS.password] || undefined;
    if (Boolean(email) !== Boolean(password)) {
      throw configError(
        `${email ? ENV_VARS.password : ENV_VARS.email} is not set: set both ${ENV_VARS.email} and ${ENV_VARS.password}, or neither.`,
      );
    }
    return new InboxHub({ ...overrides, baseUrl, apiKey, email, password });
  }

  /** The base URL requests go to. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** How many logins this client has made (one per token lifetime, however many calls share it). */
  get loginCount(): number {
    return this.#tokens.logins;
  }

  /** The guide's "Caso 1": create → connect → QR. */
  setupSession(sessionId: string, options?: SetupSessionOptions): Promise<SetupSessionResult> {
    return setupSession(this.sessions, sessionId, options);
  }

  /** Creates the session, or reuses it when it already exists. */
  ensureSession(sessionId: string, options?: SetupSessionOptions): Promise<EnsureSessionResult> {
    return ensureSession(this.sessions, sessionId, options);
  }

  /**
   * The guide's "Caso 2": polls (with backoff) until the session is connected, in error or disconnected,
   * fetching a fresh QR whenever the current one expires.
   */
  waitForConnection(session: SessionRef, options?: WaitOptions): Promise<WaitResult> {
    return waitForConnection(this.sessions, session, options);
  }

  /** The guide's "Caso 3": reconnects every disconnected session and fetches their new QRs. */
  reconnectDisconnected(options?: ReconnectOptions): Promise<ReconnectResult[]> {
    return reconnectDisconnected(this.sessions, options);
  }

  /**
   * Watches every session of the account with one list request per tick and derives typed events
   * (created, removed, status changed, QR rotated, QR expired unscanned, reconnect loop, stale) with stable
   * ids and a cursor to persist. Iterate it, or call `poll()` on your own schedule.
   */
  watch(options?: WatchOptions): SessionWatcher {
    return new SessionWatcher(this.sessions, options);
  }

  /** Never prints secrets, even through `console.log(hub)` or string conversion. */
  toString(): string {
    return `InboxHub(${this.#baseUrl})`;
  }

  /** Node's `console.log` / `util.inspect` view: no secrets. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** For `JSON.stringify`: the base URL only. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.#baseUrl };
  }

  static #checkBaseUrl(value: unknown, name: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(`${name} is required: pass the API's URL, such as https://api.inbox-hub.com.`);
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw configError(`${name} "${value}" is not a URL: use a full URL such as https://api.inbox-hub.com.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw configError(`${name} must be an http(s) URL, got "${url.protocol}".`);
    }
    if (url.username || url.password) {
      throw configError(`${name} must not contain credentials; pass apiKey, email and password as options.`);
    }
    return value.replace(/\/+$/, '');
  }
}

export type { RequestOptions };
