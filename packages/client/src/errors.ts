/**
 * The client's error hierarchy. Every failure the client reports is an {@link InboxHubError} with a `kind`
 * discriminant, so a surface that translates errors (an MCP tool, an n8n node, a CLI) can `switch` over
 * {@link AnyInboxHubError} exhaustively instead of climbing an `instanceof` ladder. `instanceof ApiError`
 * means exactly "the API answered with an error"; input refused before any request is a
 * {@link ValidationError}, which is not an `ApiError`. Messages say what happened and what to do next,
 * and never carry a secret.
 */
import type { SessionStatusInfo } from './types.js';

/** Every `kind` an {@link InboxHubError} can have: one per class. */
export type InboxHubErrorKind =
  | 'configuration'
  | 'validation'
  | 'api'
  | 'authentication'
  | 'not_found'
  | 'conflict'
  | 'session_exists'
  | 'qr_expired'
  | 'invalid_input'
  | 'rate_limited'
  | 'server'
  | 'connection'
  | 'timeout'
  | 'wait_timeout'
  | 'redirect'
  | 'invalid_response'
  | 'response_too_large'
  | 'aborted';

/** Base class of every error the client throws. */
export abstract class InboxHubError extends Error {
  /** What went wrong, as a discriminant for exhaustive `switch`es; one value per class. */
  abstract readonly kind: InboxHubErrorKind;
  override name = 'InboxHubError';
}

/** The client was set up wrongly (a missing key, a bad base URL, a call that needs a login it was not given). */
export class ConfigurationError extends InboxHubError {
  readonly kind: 'configuration' = 'configuration';
  override name = 'ConfigurationError';
}

/**
 * The caller's input was refused before anything was sent: no request left the client. `field` names the
 * first invalid field and the message says how to fix it. The API's own refusals are {@link InvalidInputError}.
 */
export class ValidationError extends InboxHubError {
  readonly kind: 'validation' = 'validation';
  override name = 'ValidationError';
  /** The invalid field, such as `sessionId`. */
  readonly field: string;
  /** The problem, without the field name. */
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`Invalid ${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/** Details of an API error, as the client saw them (already scrubbed of secrets). */
export interface ApiErrorInit {
  status: number;
  code?: string | undefined;
  message: string;
  requestId?: string | undefined;
  headers?: Headers | undefined;
  body?: unknown;
  details?: ReadonlyArray<{ field: string; message: string }> | undefined;
  operation?: string | undefined;
  /** The API's own `message`, scrubbed. */
  apiMessage?: string | undefined;
}

/** The API answered with an error status (or with `success: false`). */
export class ApiError extends InboxHubError {
  readonly kind: ApiErrorKind = 'api';
  override name = 'ApiError';
  /** HTTP status code. */
  readonly status: number;
  /** The API's machine-readable code, such as `SESSION_EXISTS`, when it sent one. */
  readonly code: string | undefined;
  /** The `X-Request-Id` response header: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers | undefined;
  /** The parsed response body, when it was JSON. */
  readonly body: unknown;
  /** Per-field problems the API listed. */
  readonly details: ReadonlyArray<{ field: string; message: string }>;
  /** The operation that failed, such as `createSession`. */
  readonly operation: string | undefined;
  /**
   * The API's own `message` (scrubbed), such as "Session not found", for a surface that shows the server's
   * words next to its own advice. `message` is the client's full sentence.
   */
  readonly apiMessage: string | undefined;
  /** How many times the request was sent before this error (retries included). */
  attempts = 1;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.body = init.body;
    this.details = init.details ?? [];
    this.operation = init.operation;
    this.apiMessage = init.apiMessage;
  }
}

/** The kinds an {@link ApiError} (or a subclass) can have. */
export type ApiErrorKind =
  | 'api'
  | 'authentication'
  | 'not_found'
  | 'conflict'
  | 'session_exists'
  | 'qr_expired'
  | 'invalid_input'
  | 'rate_limited'
  | 'server';

/** 401: the API key, the e-mail/password or the token was refused. */
export class AuthenticationError extends ApiError {
  override readonly kind = 'authentication' as const;
  override name = 'AuthenticationError';
}

/** 404: no such session (or no QR for it yet). */
export class NotFoundError extends ApiError {
  override readonly kind = 'not_found' as const;
  override name = 'NotFoundError';
}

/** 409: the request conflicts with existing state (for example a phone number already in use). */
export class ConflictError extends ApiError {
  override readonly kind: 'conflict' | 'session_exists' = 'conflict';
  override name = 'ConflictError';
}

/** 409 `SESSION_EXISTS`: a session with this `sessionId` already exists. */
export class SessionExistsError extends ConflictError {
  override readonly kind = 'session_exists' as const;
  override name = 'SessionExistsError';
}

/** 410: the QR code expired. Call `sessions.connect()` for a new one. */
export class QrExpiredError extends ApiError {
  override readonly kind = 'qr_expired' as const;
  override name = 'QrExpiredError';
}

/** 422 (or 400): the API refused the input. `field` names the first field it listed. */
export class InvalidInputError extends ApiError {
  override readonly kind = 'invalid_input' as const;
  override name = 'InvalidInputError';
  /** The first invalid field the API named, when it named one. */
  readonly field: string | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    this.field = init.details?.[0]?.field;
  }
}

/** 429: too many requests. `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiError {
  override readonly kind = 'rate_limited' as const;
  override name = 'RateLimitError';
  /** How long the server asked to wait, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the server failed. A 503 may say, in `retryAfterMs`, when to come back. */
export class ServerError extends ApiError {
  override readonly kind = 'server' as const;
  override name = 'ServerError';
  /** How long the server asked to wait, from `Retry-After` (usually on a 503). */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request never got an answer: DNS, refused or reset connection. */
export class ConnectionError extends InboxHubError {
  readonly kind: 'connection' = 'connection';
  override name = 'ConnectionError';
  /** The system error code when the runtime gave one, such as `ECONNREFUSED` or `ENOTFOUND`. */
  readonly code: string | undefined;
  constructor(message: string, options?: { cause?: unknown; code?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code;
  }
}

/** No answer within the time allowed (a request's `timeoutMs`, or a flow's overall timeout). */
export class TimeoutError extends InboxHubError {
  readonly kind: 'timeout' | 'wait_timeout' = 'timeout';
  override name = 'TimeoutError';
}

/**
 * The server answered with a redirect. The client follows none: a redirect could send the API key (or the
 * login's password) to another address. `location` is the target's origin; point the base URL at the real API.
 */
export class RedirectError extends InboxHubError {
  readonly kind: 'redirect' = 'redirect';
  override name = 'RedirectError';
  /** HTTP status of the redirect (0 where a browser hides it). */
  readonly status: number;
  /** The origin the server pointed at, when it said (never its path or query, which may carry tokens). */
  readonly location: string | undefined;
  constructor(message: string, init: { status: number; location?: string | undefined }) {
    super(message);
    this.status = init.status;
    this.location = init.location;
  }
}

/** The server answered 2xx with a body that is not the API's envelope (malformed JSON, wrong shape). */
export class InvalidResponseError extends InboxHubError {
  readonly kind: 'invalid_response' = 'invalid_response';
  override name = 'InvalidResponseError';
  /** HTTP status of the response. */
  readonly status: number;
  /** The `X-Request-Id` response header, when present. */
  readonly requestId: string | undefined;
  constructor(message: string, init: { status: number; requestId?: string | undefined; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.requestId = init.requestId;
  }
}

/** The server sent a body larger than the client reads (`maxResponseBytes`, 5 MB by default). */
export class ResponseTooLargeError extends InboxHubError {
  readonly kind: 'response_too_large' = 'response_too_large';
  override name = 'ResponseTooLargeError';
  /** The limit, in bytes. */
  readonly limit: number;
  constructor(message: string, limit: number) {
    super(message);
    this.limit = limit;
  }
}

/** The caller aborted the operation through its `AbortSignal`. */
export class AbortError extends InboxHubError {
  readonly kind: 'aborted' = 'aborted';
  override name = 'AbortError';
}

/** `waitForConnection` ran out of time; carries the last status it saw. */
export class WaitTimeoutError extends TimeoutError {
  override readonly kind = 'wait_timeout' as const;
  override name = 'WaitTimeoutError';
  /** The last status polled before time ran out. */
  readonly lastStatus: SessionStatusInfo | undefined;
  constructor(message: string, lastStatus: SessionStatusInfo | undefined) {
    super(message);
    this.lastStatus = lastStatus;
  }
}

/**
 * Every error the client throws, as a union discriminated by `kind`: `switch (error.kind)` narrows to the
 * class, and a `default` that assigns to `never` makes the compiler list any kind a translator forgot.
 *
 * @example
 * if (isInboxHubError(error)) {
 *   switch (error.kind) {
 *     case 'validation': return `Fix ${error.field}: ${error.problem}`;
 *     case 'rate_limited': return `Wait ${error.retryAfterMs} ms`;
 *     // ...
 *   }
 * }
 */
export type AnyInboxHubError =
  | ConfigurationError
  | ValidationError
  | (ApiError & { readonly kind: 'api' })
  | AuthenticationError
  | NotFoundError
  | (ConflictError & { readonly kind: 'conflict' })
  | SessionExistsError
  | QrExpiredError
  | InvalidInputError
  | RateLimitError
  | ServerError
  | ConnectionError
  | (TimeoutError & { readonly kind: 'timeout' })
  | WaitTimeoutError
  | RedirectError
  | InvalidResponseError
  | ResponseTooLargeError
  | AbortError;

/** True for every error this client throws; narrows to {@link AnyInboxHubError} for a `switch` on `kind`. */
export function isInboxHubError(error: unknown): error is AnyInboxHubError {
  return error instanceof InboxHubError;
}
