import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  QrExpiredError,
  RateLimitError,
  ServerError,
  SessionExistsError,
} from '../errors.js';
import { parseRetryAfter } from './retry.js';

/** What the error factory knows about the failed call. */
export interface ErrorContext {
  operation: string;
  /** The session the call was about, for messages. */
  sessionId?: string | undefined;
  /** How many times the request was sent. */
  attempts: number;
  /** Scrubs secrets from server-provided text. */
  scrub(text: string): string;
  scrubJson<T>(value: T): T;
}

interface ErrorBody {
  success?: unknown;
  message?: unknown;
  code?: unknown;
  details?: unknown;
}

function asErrorBody(body: unknown): ErrorBody | undefined {
  return typeof body === 'object' && body !== null ? (body as ErrorBody) : undefined;
}

/**
 * The API's per-field problems, scrubbed and bounded: they are server text that lands in messages, logs
 * and terminals, so a server that echoes the key (or a hostile one) must not plant it there.
 */
function fieldDetails(
  details: unknown,
  ctx: ErrorContext,
): Array<{ field: string; message: string }> | undefined {
  if (!Array.isArray(details)) return undefined;
  return details
    .filter(
      (d): d is { field: string; message: string } =>
        typeof d?.field === 'string' && typeof d?.message === 'string',
    )
    .slice(0, 20)
    .map((d) => ({ field: ctx.scrub(d.field).slice(0, 100), message: ctx.scrub(d.message).slice(0, 300) }));
}

function retried(ctx: ErrorContext): string {
  return ctx.attempts > 1 ? ` (tried ${ctx.attempts} times)` : '';
}

function subject(ctx: ErrorContext): string {
  return ctx.sessionId ? `session "${ctx.sessionId}"` : 'the session';
}

/** A copy of the response headers with every known secret scrubbed from the values. */
function scrubHeaders(headers: Headers, ctx: ErrorContext): Headers {
  const copy = new Headers();
  headers.forEach((value, key) => {
    copy.set(key, ctx.scrub(value));
  });
  return copy;
}

/** The response's request id, scrubbed and bounded: it is server-provided text that lands in messages. */
function safeRequestId(value: string | null, ctx: ErrorContext): string | undefined {
  if (!value) return undefined;
  return ctx.scrub(value).slice(0, 128);
}

/**
 * Turns an error response into the matching {@link ApiError} subclass, with a message that says what
 * happened and what to do next. The API's own `code` decides first, the HTTP status second.
 */
export function errorFromResponse(response: Response, body: unknown, ctx: ErrorContext): ApiError {
  const parsed = asErrorBody(body);
  const code = typeof parsed?.code === 'string' ? ctx.scrub(parsed.code).slice(0, 64) : undefined;
  const serverMessage =
    typeof parsed?.message === 'string' && parsed.message.trim() !== ''
      ? ctx.scrub(parsed.message.trim()).slice(0, 300)
      : undefined;
  const status = response.status;
  const said = `${status}${code ? ` ${code}` : ''}${serverMessage ? `: ${serverMessage.replace(/\.$/, '')}` : ''}`;
  const init: ApiErrorInit = {
    status,
    code,
    message: '',
    requestId: safeRequestId(response.headers.get('x-request-id'), ctx),
    headers: scrubHeaders(response.headers, ctx),
    body: ctx.scrubJson(body),
    details: fieldDetails(parsed?.details, ctx),
    operation: ctx.operation,
    apiMessage: serverMessage,
  };
  const reqId = init.requestId ? ` Request id: ${init.requestId}.` : '';

  if (status === 401 || code === 'INVALID_API_KEY' || code === 'INVALID_TOKEN' || code === 'TOKEN_EXPIRED') {
    const what =
      code === 'INVALID_CREDENTIALS' || ctx.operation === 'login'
        ? 'Check the e-mail and password (INBOX_HUB_EMAIL / INBOX_HUB_PASSWORD).'
        : code === 'TOKEN_EXPIRED' || code === 'INVALID_TOKEN'
          ? 'The client logged in again once and was still refused; check the e-mail and password.'
          : 'Check the API key (INBOX_HUB_API_KEY or the apiKey option).';
    return new AuthenticationError({
      ...init,
      message: `Inbox Hub refused the credentials for ${ctx.operation} (${said}). ${what}${reqId}`,
    });
  }
  if (code === 'SESSION_EXISTS') {
    return new SessionExistsError({
      ...init,
      message: `The ${subject(ctx)} already exists (${said}). Reuse it (sessions.getStatus, sessions.connect) or call ensureSession() to create-or-reuse.${reqId}`,
    });
  }
  if (status === 409 || code === 'PHONE_NUMBER_IN_USE') {
    const what =
      code === 'PHONE_NUMBER_IN_USE'
        ? 'A phone number can belong to one session only: disconnect the other session or use another number.'
        : 'Check the current state with sessions.list() and try again.';
    return new ConflictError({
      ...init,
      message: `Inbox Hub refused ${ctx.operation} for ${subject(ctx)} (${said}). ${what}${reqId}`,
    });
  }
  if (status === 410 || code === 'QR_EXPIRED') {
    return new QrExpiredError({
      ...init,
      message: `The QR code of ${subject(ctx)} expired (${said}). Call sessions.connect() for a new one, then sessions.getQr().${reqId}`,
    });
  }
  if (code === 'QR_NOT_AVAILABLE') {
    return new NotFoundError({
      ...init,
      message: `There is no QR code for ${subject(ctx)} right now (${said}). Call sessions.connect() first; a connected session has no QR.${reqId}`,
    });
  }
  if (status === 404 || code === 'SESSION_NOT_FOUND') {
    return new NotFoundError({
      ...init,
      message: `Inbox Hub has no ${subject(ctx)} in this account (${said}). Check the id, or create it with sessions.create().${reqId}`,
    });
  }
  if (status === 422 || status === 400 || code === 'VALIDATION_ERROR') {
    const fields = init.details?.map((d) => `${d.field}: ${d.message}`).join('; ');
    return new InvalidInputError({
      ...init,
      message: `Inbox Hub rejected the input of ${ctx.operation} (${said}).${fields ? ` Fix ${fields}.` : ' Fix the input and try again.'}${reqId}`,
    });
  }
  if (status === 429 || code === 'RATE_LIMITED') {
    const retryAfterMs = parseRetryAfter(response.headers);
    const wait = retryAfterMs !== undefined ? `wait ${Math.ceil(retryAfterMs / 1000)} s` : 'wait a little';
    return new RateLimitError({
      ...init,
      retryAfterMs,
      message: `Inbox Hub rate-limited ${ctx.operation}${retried(ctx)} (${said}). ${wait} and try again, or send fewer requests at once.${reqId}`,
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers);
    const when = retryAfterMs !== undefined ? `in ${Math.ceil(retryAfterMs / 1000)} s` : 'later';
    return new ServerError({
      ...init,
      retryAfterMs,
      message: `Inbox Hub failed on ${ctx.operation}${retried(ctx)} (${said}). Try again ${when}; if it persists, report it${init.requestId ? ` with request id ${init.requestId}` : ''}.`,
    });
  }
  return new ApiError({
    ...init,
    message: `Inbox Hub answered ${ctx.operation} with an error (${said}).${reqId}`,
  });
}
