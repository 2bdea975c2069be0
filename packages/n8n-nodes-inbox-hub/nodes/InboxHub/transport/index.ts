/**
 * The only HTTP boundary of the package. Every request goes through n8n's
 * `httpRequestWithAuthentication`, so n8n's proxy settings, its credential handling and its
 * `X-API-Key` injection apply; the API's envelope and error body are typed from the spec.
 */
import type { components } from '@inbox-hub/client';
// The client's retry rules, bundled in, so the node retries exactly as the client does.
import {
  MAX_RETRY_AFTER_MS,
  parseRetryAfterValue,
  RETRYABLE_STATUSES,
  retryDelayMs,
} from '@inbox-hub/client';
import type {
  IDataObject,
  IExecuteFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  INode,
  IPollFunctions,
  JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type SessionList = Schemas['SessionList'];
export type SessionState = Schemas['SessionState'];
export type SessionStatusInfo = Schemas['SessionStatusInfo'];
export type QrCodePayload = Schemas['QrCode'];
export type SessionStatus = Schemas['SessionStatus'];
export type CreateSessionBody = Schemas['CreateSessionRequest'];
type ErrorBody = Schemas['ErrorResponse'];

/** The contexts that may call the API: actions and the polling trigger. */
export type ApiContext = IExecuteFunctions | IPollFunctions;

/** The credential type every request authenticates with. */
export const CREDENTIAL_TYPE = 'inboxHubApi';

/** Per-attempt timeout: a request that gets no (complete) answer in time is retried, then reported. */
export const TIMEOUT_MS = 10_000;
/** Retries after the first attempt, for failures that may pass a moment later. */
export const MAX_RETRIES = 2;

export interface RequestInit {
  method: IHttpRequestMethods;
  path: string;
  body?: IDataObject;
  headers?: IDataObject;
  /** The item the request is for, so n8n points the error at it. */
  itemIndex?: number;
  /**
   * For a request with a bearer token: new headers after a fresh login. Called at most once, when the
   * API refuses the token as expired or invalid; the request is then sent once more.
   */
  reauthenticate?: () => Promise<IDataObject>;
}

interface FullResponse {
  statusCode: number;
  headers?: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Strips trailing slashes so `https://host/` and `https://host` build the same URLs. */
export function baseUrlOf(credentials: IDataObject): string {
  return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
}

/**
 * Sends one request and returns the envelope's `data`. Non-2xx answers and `success: false` bodies
 * become a {@link NodeApiError} carrying the API's message and code; nothing from the request (and so
 * no secret) is copied into the error.
 */
export async function apiRequest<T>(ctx: ApiContext, init: RequestInit): Promise<T> {
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const options: IHttpRequestOptions = {
    method: init.method,
    baseURL: baseUrlOf(credentials),
    url: init.path,
    headers: { Accept: 'application/json', ...init.headers },
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    timeout: TIMEOUT_MS,
  };
  if (init.body !== undefined) options.body = init.body;

  let reauthenticated = false;
  for (let attempt = 0; ; attempt++) {
    let response: FullResponse;
    try {
      response = (await ctx.helpers.httpRequestWithAuthentication.call(
        ctx,
        CREDENTIAL_TYPE,
        options,
      )) as FullResponse;
    } catch (error) {
      // No answer (refused, reset, timed out): every route here is safe to send again.
      if (attempt < MAX_RETRIES) {
        await sleep(retryDelayMs(attempt));
        continue;
      }
      throw connectionError(ctx.getNode(), error, init, attempt + 1);
    }
    if (init.reauthenticate && !reauthenticated && isRefusedToken(response)) {
      reauthenticated = true;
      options.headers = { ...options.headers, ...(await init.reauthenticate()) };
      attempt--;
      continue;
    }
    const retryAfterMs = parseRetryAfterValue(header(response.headers, 'retry-after'));
    if (
      RETRYABLE_STATUSES.has(response.statusCode) &&
      attempt < MAX_RETRIES &&
      (retryAfterMs === undefined || retryAfterMs <= MAX_RETRY_AFTER_MS)
    ) {
      await sleep(retryDelayMs(attempt, retryAfterMs));
      continue;
    }
    if (attempt > 0 && isRetriedCreateConflict(init, response)) {
      // The first attempt made the session before its answer was lost: return that session.
      const existing = await findSession(ctx, init);
      if (existing) return existing as T;
    }
    return unwrap<T>(ctx.getNode(), response, init);
  }
}

function isRefusedToken(response: FullResponse): boolean {
  if (response.statusCode !== 401) return false;
  const body = parseBody(response.body);
  return isObject(body) && (body.code === 'TOKEN_EXPIRED' || body.code === 'INVALID_TOKEN');
}

function isRetriedCreateConflict(init: RequestInit, response: FullResponse): boolean {
  if (init.method !== 'POST' || init.path !== '/api/sessions' || response.statusCode !== 409) return false;
  const body = parseBody(response.body);
  return isObject(body) && body.code === 'SESSION_EXISTS';
}

async function findSession(ctx: ApiContext, init: RequestInit): Promise<Session | undefined> {
  const sessionId = isObject(init.body) ? init.body.sessionId : undefined;
  const list = await apiRequest<SessionList>(ctx, {
    method: 'GET',
    path: '/api/sessions',
    itemIndex: init.itemIndex,
  });
  return list.sessions.find((s) => s.sessionId === sessionId);
}

/** Whether a 2xx payload has the fields the node reads, so a broken answer is an error, not bad output. */
function fitsContract(init: Pick<RequestInit, 'method' | 'path'>, data: unknown): boolean {
  if (!isObject(data)) return false;
  const { path, method } = init;
  const status = (v: unknown) =>
    typeof v === 'string' && ['pending', 'connected', 'disconnected', 'error'].includes(v);
  if (path === '/api/auth/login') return typeof data.accessToken === 'string';
  if (path === '/api/sessions' && method === 'GET') return Array.isArray(data.sessions);
  if (path === '/api/sessions') return typeof data.id === 'number' && typeof data.sessionId === 'string';
  if (path.endsWith('/qr')) return typeof data.qrCode === 'string' && typeof data.expiresAt === 'string';
  return status(data.status);
}

/** Returns the envelope's data, or throws the API's error as a NodeApiError. */
export function unwrap<T>(
  node: INode,
  response: FullResponse,
  init: Pick<RequestInit, 'method' | 'path' | 'itemIndex'>,
): T {
  const body = parseBody(response.body);
  const requestId = header(response.headers, 'x-request-id');
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  if (ok && isObject(body) && body.success === true && fitsContract(init, body.data)) return body.data as T;

  // A 2xx that claims success but breaks the contract carries no error code or message of its own.
  const brokenSuccess = ok && isObject(body) && body.success === true;
  const error: Partial<ErrorBody> = isObject(body) && !brokenSuccess ? (body as Partial<ErrorBody>) : {};
  const code =
    typeof error.code === 'string' ? error.code : ok ? 'INVALID_RESPONSE' : `HTTP_${response.statusCode}`;
  const message =
    typeof error.message === 'string' && error.message.length > 0
      ? error.message
      : ok
        ? `The server answered ${init.method} ${init.path} with a body that breaks the Inbox Hub contract. Check the credential's base URL; if it is right, report it with the request id.`
        : `The server answered ${init.method} ${init.path} with HTTP ${response.statusCode}. Check the credential's base URL.`;
  const details = Array.isArray(error.details)
    ? error.details.map((d) => `${d.field}: ${d.message}`).join('; ')
    : undefined;
  const retryAfter = header(response.headers, 'retry-after');
  const description = [
    `Code ${code} (HTTP ${response.statusCode}) on ${init.method} ${init.path}.`,
    hintFor(code, retryAfter),
    details ? `Details: ${details}.` : undefined,
    requestId ? `Request id: ${requestId}.` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const apiError: JsonObject = { success: false, code, message, httpCode: String(response.statusCode) };
  if (requestId) apiError.requestId = requestId;
  return throwApiError(node, apiError, message, description, response.statusCode, init.itemIndex);
}

function throwApiError(
  node: INode,
  apiError: JsonObject,
  message: string,
  description: string,
  status: number,
  itemIndex: number | undefined,
): never {
  const error = new NodeApiError(node, apiError, {
    message,
    description,
    httpCode: String(status),
    itemIndex,
  });
  // n8n rewrites well-known HTTP codes into generic sentences; keep the API's own message.
  error.message = message;
  throw error;
}

/** What to do next for each of the API's error codes. */
function hintFor(code: string, retryAfter: string | undefined): string | undefined {
  switch (code) {
    case 'INVALID_API_KEY':
    case 'INVALID_CREDENTIALS':
      return 'Check the Inbox Hub API credential.';
    case 'INVALID_TOKEN':
    case 'TOKEN_EXPIRED':
      return "Check the credential's e-mail and password; the login token was refused.";
    case 'SESSION_NOT_FOUND':
      return 'Check the session id, or list the sessions with Get Many.';
    case 'QR_NOT_AVAILABLE':
      return 'Run Connect first; a connected session has no QR.';
    case 'QR_EXPIRED':
      return 'Run Connect again for a new QR.';
    case 'SESSION_EXISTS':
      return 'Use another session id, or reuse the existing session.';
    case 'PHONE_NUMBER_IN_USE':
      return 'Another session holds this phone number.';
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE':
      return retryAfter ? `Retry after ${retryAfter} s.` : 'Retry later.';
    default:
      return undefined;
  }
}

/** A request that got no answer: rebuilt from the error's message and code only (no request config). */
function connectionError(node: INode, error: unknown, init: RequestInit, attempts: number): NodeApiError {
  const source = isObject(error) ? error : {};
  const cause = isObject(source.cause) ? source.cause : {};
  const code =
    [source.code, cause.code].find((c): c is string => typeof c === 'string') ?? 'CONNECTION_ERROR';
  const reason = typeof source.message === 'string' ? source.message : 'the request failed';
  const message = `Could not reach the Inbox Hub API (${code}): ${reason}`;
  return new NodeApiError(
    node,
    { success: false, code, message },
    {
      message,
      description: `No answer to ${init.method} ${init.path} after ${attempts} attempt${attempts === 1 ? '' : 's'} (timeout ${TIMEOUT_MS / 1000} s each). Check the credential's base URL and that the API is up.`,
      itemIndex: init.itemIndex,
    },
  );
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function header(headers: FullResponse['headers'], name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One login per execution context: every item of a run shares it. */
const tokens = new WeakMap<object, Promise<string | undefined>>();

/**
 * The bearer JWT for the credential's e-mail and password, or `undefined` when the credential has none.
 * Logs in once per execution (all items share the token); `fresh` drops the cached one, after a 401.
 * Used by Create, the one route that takes the token.
 */
export function loginToken(ctx: ApiContext, itemIndex?: number, fresh = false): Promise<string | undefined> {
  if (fresh) tokens.delete(ctx);
  let pending = tokens.get(ctx);
  if (!pending) {
    pending = login(ctx, itemIndex);
    // A failed login is not cached: the next item tries again.
    pending.catch(() => tokens.delete(ctx));
    tokens.set(ctx, pending);
  }
  return pending;
}

async function login(ctx: ApiContext, itemIndex?: number): Promise<string | undefined> {
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const email = typeof credentials.email === 'string' ? credentials.email.trim() : '';
  const password = typeof credentials.password === 'string' ? credentials.password : '';
  if (!email || !password) return undefined;
  const data = await apiRequest<Schemas['LoginData']>(ctx, {
    method: 'POST',
    path: '/api/auth/login',
    body: { identifier: email, password },
    itemIndex,
  });
  return data.accessToken;
}
