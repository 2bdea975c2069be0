import {
  AbortError,
  type ApiError,
  ConnectionError,
  InboxHubError,
  InvalidResponseError,
  TimeoutError,
} from '../errors.js';
import { errorFromResponse } from './error-map.js';
import type { Logger } from './logger.js';
import { delay, startTimer } from './platform.js';
import { type Redactor, scrubTokens } from './redact.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, RETRYABLE_STATUSES, retryDelayMs } from './retry.js';
import { Semaphore } from './semaphore.js';

/** Per-call options every method accepts. */
export interface RequestOptions {
  /** Cancels the call (and any retry wait). */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined;
  /** Overrides the client's retry count. */
  maxRetries?: number | undefined;
}

/** What one attempt of an operation returned, as openapi-fetch gives it (bodies read as text). */
export interface AttemptResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** One operation to run through the transport. */
export interface Call {
  /** The spec's operationId, for messages and logs. */
  operation: string;
  /** The session the call is about, for messages. */
  sessionId?: string | undefined;
  /** Send the bearer JWT (when the client has an e-mail and password). */
  bearer?: boolean;
  /** Sends one attempt. */
  send(init: { headers: Record<string, string>; signal: AbortSignal }): Promise<AttemptResult>;
}

/** The envelope's `data`, plus how many attempts it took. */
export interface CallResult<T = unknown> {
  data: T;
  message: string | undefined;
  attempts: number;
  response: Response;
}

/** Supplies bearer tokens; see `TokenManager`. */
export interface TokenSource {
  readonly enabled: boolean;
  get(): Promise<string>;
  invalidate(token: string): void;
}

/** Settings the transport runs with. */
export interface TransportSettings {
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  logger: Logger;
  redactor: Redactor;
  /** Most requests on the wire at once. */
  maxConcurrency: number;
  random?: () => number;
}

/**
 * The one place requests are sent: per-attempt timeouts, retries with backoff, the bearer token and its
 * one re-login on 401, and the mapping of every failure to a typed error. Resource methods describe a
 * call; they never touch `fetch` or status codes themselves.
 */
export class Transport {
  tokens: TokenSource | undefined;
  readonly #settings: TransportSettings;
  readonly #slots: Semaphore;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#slots = new Semaphore(settings.maxConcurrency);
  }

  /** Runs a call and returns the envelope's `data`, or throws an {@link InboxHubError}. */
  async request<T>(call: Call, options: RequestOptions = {}): Promise<CallResult<T>> {
    const { logger } = this.#settings;
    const timeoutMs = options.timeoutMs ?? this.#settings.timeoutMs;
    const maxRetries = options.maxRetries ?? this.#settings.maxRetries;
    const userSignal = options.signal;
    const useBearer = call.bearer === true && this.tokens?.enabled === true;
    let reloggedIn = false;
    let attempts = 0;

    for (let retry = 0; ; ) {
      if (userSignal?.aborted) throw this.#aborted(call);
      const headers: Record<string, string> = {};
      let token: string | undefined;
      if (useBearer && this.tokens) {
        token = await this.tokens.get();
        headers.Authorization = `Bearer ${token}`;
      }

      // Queue for a slot first: the timeout starts when the request really leaves.
      let release = this.#slots.tryAcquire();
      if (!release) {
        try {
          release = await this.#slots.acquire(userSignal);
        } catch {
          throw this.#aborted(call);
        }
      }
      // A controller and a timer we clear ourselves: cheaper than AbortSignal.timeout on the hot path,
      // and no timer outlives the attempt.
      const timeout = new AbortController();
      const stopTimer = startTimer(timeoutMs, () => timeout.abort());
      const timeoutSignal = timeout.signal;
      const signal = userSignal ? AbortSignal.any([userSignal, timeoutSignal]) : timeoutSignal;
      attempts++;
      let result: AttemptResult;
      try {
        // Race the signal too: the timeout must cover a body that trickles in, whatever `fetch` is in use.
        result = await untilAborted(call.send({ headers, signal }), signal);
      } catch (cause) {
        stopTimer();
        release();
        if (userSignal?.aborted) throw this.#aborted(call);
        // The fetch guard's own refusals (a redirect, an oversized body) are final: sending again would
        // meet the same answer.
        if (cause instanceof InboxHubError && !timeoutSignal.aborted) throw cause;
        const error = timeoutSignal.aborted
          ? new TimeoutError(
              `Inbox Hub did not answer ${call.operation} within ${timeoutMs} ms${attempts > 1 ? ` (tried ${attempts} times)` : ''}. Check that ${this.#settings.baseUrl} is up, or raise timeoutMs.`,
            )
          : new ConnectionError(
              `Could not reach Inbox Hub at ${this.#settings.baseUrl} for ${call.operation}${attempts > 1 ? ` (tried ${attempts} times)` : ''}: ${this.#describe(cause)}. Check INBOX_HUB_BASE_URL and the network.`,
              { cause: this.#safeCause(cause), code: systemCode(cause) },
            );
        if (retry < maxRetries) {
          const delay = retryDelayMs(retry, undefined, this.#settings.random);
          logger.warn(`Retrying ${call.operation} in ${delay} ms after ${error.name}`, {
            attempt: attempts,
            maxRetries,
          });
          await this.#wait(delay, call, userSignal);
          retry++;
          continue;
        }
        throw error;
      }

      stopTimer();
      release();
      const { response } = result;
      if (response.ok) {
        return { ...this.#envelope<T>(call, response, result.data, attempts), attempts, response };
      }

      if (response.status === 401 && token !== undefined && !reloggedIn && this.tokens) {
        // The token may have expired or been revoked early: log in again once, then give up.
        logger.debug(`Logging in again after 401 on ${call.operation}`);
        this.tokens.invalidate(token);
        reloggedIn = true;
        continue;
      }

      const retryAfterMs = parseRetryAfter(response.headers);
      const tooLong = retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS;
      if (RETRYABLE_STATUSES.has(response.status) && retry < maxRetries && !tooLong) {
        const delay = retryDelayMs(retry, retryAfterMs, this.#settings.random);
        logger.warn(`Retrying ${call.operation} in ${delay} ms after HTTP ${response.status}`, {
          attempt: attempts,
          maxRetries,
        });
        await this.#wait(delay, call, userSignal);
        retry++;
        continue;
      }
      throw this.#apiError(call, response, this.#parse(result.error), attempts);
    }
  }

  /** Parses a 2xx body and checks it is the success envelope. */
  #envelope<T>(
    call: Call,
    response: Response,
    text: unknown,
    attempts: number,
  ): { data: T; message: string | undefined } {
    const header = response.headers.get('x-request-id');
    const requestId = header ? scrubTokens(this.#settings.redactor.text(header)).slice(0, 128) : undefined;
    let body: unknown;
    try {
      body = typeof text === 'string' ? (text === '' ? undefined : JSON.parse(text)) : text;
    } catch (cause) {
      throw new InvalidResponseError(
        `Inbox Hub answered ${call.operation} with HTTP ${response.status} but a body that is not JSON. A proxy may be in the way; check INBOX_HUB_BASE_URL and try again.`,
        { status: response.status, requestId, cause: this.#safeCause(cause) },
      );
    }
    const envelope = body as { success?: unknown; data?: unknown; message?: unknown } | undefined;
    if (envelope?.success === false) {
      // A 2xx that says it failed is a failure: report it like the API's own error.
      throw this.#apiError(call, response, body, attempts);
    }
    if (envelope?.success !== true || typeof envelope.data !== 'object' || envelope.data === null) {
      throw new InvalidResponseError(
        `Inbox Hub answered ${call.operation} with HTTP ${response.status} but not the expected {success, data} envelope. Check that INBOX_HUB_BASE_URL points at the Inbox Hub API.`,
        { status: response.status, requestId },
      );
    }
    return {
      data: envelope.data as T,
      message: typeof envelope.message === 'string' ? envelope.message : undefined,
    };
  }

  #parse(error: unknown): unknown {
    if (typeof error !== 'string') return error;
    try {
      return JSON.parse(error);
    } catch {
      // An HTML page from a proxy, say: keep a short, scrubbed excerpt.
      return error.slice(0, 500);
    }
  }

  #apiError(call: Call, response: Response, body: unknown, attempts: number): ApiError {
    const { redactor } = this.#settings;
    const error = errorFromResponse(response, body, {
      operation: call.operation,
      sessionId: call.sessionId,
      attempts,
      scrub: (text) => scrubTokens(redactor.text(text)),
      scrubJson: (value) => redactor.json(value),
    });
    error.attempts = attempts;
    return error;
  }

  async #wait(ms: number, call: Call, signal: AbortSignal | undefined): Promise<void> {
    try {
      await delay(ms, signal);
    } catch {
      throw this.#aborted(call);
    }
  }

  #aborted(call: Call): AbortError {
    return new AbortError(`${call.operation} was aborted by the caller before it finished.`);
  }

  /** A short reason for a network failure, without anything that could carry a secret. */
  #describe(cause: unknown): string {
    const code = systemCode(cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    return scrubTokens(this.#settings.redactor.text(code ? `${message} (${code})` : message));
  }

  /** Keeps the failure's type and message as the `cause`, scrubbed, without its object graph. */
  #safeCause(cause: unknown): Error {
    const safe = new Error(this.#describe(cause));
    safe.name = cause instanceof Error ? cause.name : 'Error';
    return safe;
  }
}

/** The system error code (`ECONNREFUSED`...) of a failed fetch: on the error itself or on its cause. */
function systemCode(error: unknown): string | undefined {
  const outer = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = [outer?.code, outer?.cause?.code].find(
    (c) => typeof c === 'string' && /^[A-Z][A-Z_]+$/.test(c),
  );
  return code as string | undefined;
}

/** Resolves like `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
