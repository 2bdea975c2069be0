import { RedirectError, ResponseTooLargeError, TimeoutError } from '../errors.js';
import { startTimer } from './platform.js';

/** The largest body the client reads by default: API answers are a few KB; a QR is ~10 KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** How {@link guardedFetch} protects a `fetch`. */
export interface FetchGuard {
  /** The configured base URL, for messages. */
  baseUrl: string;
  /** Refuse bodies larger than this many bytes. */
  maxResponseBytes: number;
  /**
   * Give up on a request (headers and body) after this long. Only `hub.raw` sets it: the transport times
   * each attempt itself, with retries.
   */
  timeoutMs?: number | undefined;
  /** Scrubs known secrets from text that reaches a message. */
  scrub(text: string): string;
}

/**
 * Wraps the `fetch` every request goes through, so no code path can skip these rules:
 * - **no redirects**: the client sends `redirect: 'manual'` and refuses any 3xx with a {@link RedirectError}
 *   naming the target origin. Following one could hand the API key, or the login's password on a 307/308,
 *   to whatever address a response points at. A `fetch` that follows anyway is caught by the final URL.
 * - **bounded bodies**: a declared `Content-Length` over the limit is refused before reading; a body
 *   without one is counted as it streams and cut off at the limit, with a {@link ResponseTooLargeError}.
 * - **an optional deadline** over headers and body, for `hub.raw`.
 */
export function guardedFetch(fetchImpl: typeof fetch, guard: FetchGuard): typeof fetch {
  return async (input, init) => {
    let request = input instanceof Request && init === undefined ? input : new Request(input, init);
    let stopTimer: (() => void) | undefined;
    let timedOut = false;
    if (guard.timeoutMs !== undefined) {
      const deadline = new AbortController();
      request = new Request(request, { signal: AbortSignal.any([request.signal, deadline.signal]) });
      stopTimer = startTimer(guard.timeoutMs, () => {
        timedOut = true;
        deadline.abort();
      });
    }
    const timeoutError = () =>
      new TimeoutError(
        `Inbox Hub did not answer ${describe(request)} within ${guard.timeoutMs} ms. Check that ${guard.baseUrl} is up, or raise timeoutMs.`,
      );
    try {
      let response: Response;
      try {
        response = await fetchImpl(request);
      } catch (error) {
        throw timedOut ? timeoutError() : error;
      }
      const redirect = redirectTarget(request, response);
      if (redirect) {
        void response.body?.cancel().catch(() => {});
        throw redirectError(guard, request, response.status, redirect.origin);
      }
      return limitBody(response, request, guard, {
        done: () => stopTimer?.(),
        mapError: (error) => (timedOut ? timeoutError() : error),
      });
    } catch (error) {
      stopTimer?.();
      throw error;
    }
  };
}

/** The redirect a response asks for, if any: its target origin (undefined when it named none). */
function redirectTarget(request: Request, response: Response): { origin: string | undefined } | undefined {
  const isRedirect =
    response.type === 'opaqueredirect' ||
    (response.status >= 300 && response.status < 400 && response.status !== 304);
  if (isRedirect) {
    const location = response.headers.get('location');
    return { origin: location ? originOf(location, request.url) : undefined };
  }
  // A `fetch` that ignored `redirect: 'manual'` and followed: the answer came from somewhere else.
  if (
    response.redirected &&
    response.url &&
    originOf(response.url, request.url) !== new URL(request.url).origin
  ) {
    return { origin: originOf(response.url, request.url) };
  }
  return undefined;
}

function originOf(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

function describe(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

function redirectError(
  guard: FetchGuard,
  request: Request,
  status: number,
  origin: string | undefined,
): RedirectError {
  const own = new URL(request.url).origin;
  const where =
    origin === undefined
      ? 'without saying where'
      : origin === own
        ? `to another path of ${origin}`
        : `to ${guard.scrub(origin)}`;
  const hint =
    origin !== undefined && origin !== own
      ? `: set INBOX_HUB_BASE_URL (the baseUrl option) to the API's real address, perhaps ${guard.scrub(origin)}, if you trust it`
      : ': check INBOX_HUB_BASE_URL (the baseUrl option), for example its path or http/https';
  return new RedirectError(
    `Inbox Hub at ${guard.baseUrl} answered ${describe(request)} with a redirect (HTTP ${status}) ${where}. The client follows no redirects, so the API key and password are never sent to another address${hint}.`,
    { status, location: origin === undefined ? undefined : guard.scrub(origin) },
  );
}

function tooLarge(guard: FetchGuard, request: Request): ResponseTooLargeError {
  const mb = guard.maxResponseBytes / (1024 * 1024);
  return new ResponseTooLargeError(
    `Inbox Hub answered ${describe(request)} with a body over ${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB, far more than any API answer; the client stopped reading it. Check that ${guard.baseUrl} is the Inbox Hub API, or raise maxResponseBytes.`,
    guard.maxResponseBytes,
  );
}

/**
 * Enforces the body limit. A body with a declared length within the limit is passed through untouched (the
 * transport cannot deliver more than it declares), which keeps the common path free of an extra stream;
 * otherwise the body is counted chunk by chunk.
 */
function limitBody(
  response: Response,
  request: Request,
  guard: FetchGuard,
  hooks: { done(): void; mapError(error: unknown): unknown },
): Response {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > guard.maxResponseBytes) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(guard, request);
  }
  if (response.body === null) {
    hooks.done();
    return response;
  }
  if (Number.isFinite(declared) && guard.timeoutMs === undefined) return response;

  const reader = response.body.getReader();
  let received = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          hooks.done();
          controller.close();
          return;
        }
        received += value.byteLength;
        if (received > guard.maxResponseBytes) {
          hooks.done();
          controller.error(tooLarge(guard, request));
          await reader.cancel().catch(() => {});
          return;
        }
        controller.enqueue(value);
      } catch (error) {
        hooks.done();
        controller.error(hooks.mapError(error));
      }
    },
    cancel(reason) {
      hooks.done();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
