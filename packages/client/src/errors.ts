/**
 * The client's error hierarchy. Every failure the client reports is an {@link InboxHubError}; failures
 * the API answered are {@link ApiError}s with one subclass per condition, so callers can `instanceof`
 * instead of parsing messages. Messages say what happened and what to do next, and never carry a secret.
 */

/** Base class of every error the client throws. */
export class InboxHubError extends Error {
  override name = 'InboxHubError';
}

/** Details of an API error, as the client saw them. */
export interface ApiErrorInit {
  status: number;
  code?: string | undefined;
  message: string;
  requestId?: string | undefined;
  headers?: Headers | undefined;
  body?: unknown;
  details?: ReadonlyArray<{ field: string; message: string }> | undefined;
  operation?: string | undefined;
}

/** The API answered with an error status (or with `success: false`). */
export class ApiError extends InboxHubError {
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
  /** Per-field problems for validation errors. */
  readonly details: ReadonlyArray<{ field: string; message: string }>;
  /** The operation that failed, such as `createSession`. */
  readonly operation: string | undefined;
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
  }
}

/** 401: the API key, the e-mail/password or the token was refused. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** 404: no such session (or no QR for it yet). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 409: the request conflicts with existing state (for example a phone number already in use). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** 409 `SESSION_EXISTS`: a session with this `sessionId` already exists. */
export class SessionExistsError extends ConflictError {
  override name = 'SessionExistsError';
}

/** 410: the QR code expired. Call `sessions.connect()` for a new one. */
export class QrExpiredError extends ApiError {
  override name = 'QrExpiredError';
}

/** 429: too many requests. `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** How long the server asked to wait, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the server failed. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/**
 * Input was rejected: by the client before anything was sent (then `status` is 0), or by the API with
 * 422. `field` names the first invalid field.
 */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  /** The first invalid field, such as `sessionId`. */
  readonly field: string | undefined;
  constructor(init: ApiErrorInit & { field?: string | undefined }) {
    super(init);
    this.field = init.field ?? init.details?.[0]?.field;
  }
}

/** The request never got an answer: DNS, refused or reset connection. */
export class ConnectionError extends InboxHubError {
  override name = 'ConnectionError';
}

/** No answer within the time allowed (a request's `timeoutMs`, or a flow's overall timeout). */
export class TimeoutError extends InboxHubError {
  override name = 'TimeoutError';
}

/** The server answered 2xx with a body that is not the API's envelope (malformed JSON, wrong shape). */
export class InvalidResponseError extends InboxHubError {
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

/** The caller aborted the operation through its `AbortSignal`. */
export class AbortError extends InboxHubError {
  override name = 'AbortError';
}
