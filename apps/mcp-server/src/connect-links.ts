/**
 * The dashboard's connect-link API (`POST /api/connect-links`, see apps/dashboard): the one HTTP boundary
 * of `create_connect_link`. It is not the Inbox Hub API, so it does not go through `@inbox-hub/client`;
 * it follows the same rules: a timeout, no redirect followed with the token, a capped body, and errors
 * that are sentences for a model and never contain the token.
 */

/** Options of {@link ConnectLinkApi}. */
export interface ConnectLinkApiOptions {
  /** The dashboard's URL, such as `https://wa.example.com` (`INBOX_HUB_DASHBOARD_URL`). */
  url: string;
  /** Bearer token of the dashboard's connect-link API (`INBOX_HUB_DASHBOARD_API_TOKEN`). A secret. */
  token: string;
  /** Injected by tests for timing edge cases; the global `fetch` otherwise. */
  fetch?: typeof fetch | undefined;
  /** How long one request may take. Default 15 000 ms. */
  timeoutMs?: number | undefined;
}

/** A customer link as the dashboard issued it. */
export interface ConnectLink {
  /** The page the customer opens. It carries a signed token: whoever has it can link a phone. */
  url: string;
  sessionId: string;
  expiresAt: Date;
}

/** Why a link could not be made, as a sentence the model can act on (never with the token in it). */
export class ConnectLinkError extends Error {
  override name = 'ConnectLinkError';
  /** The dashboard's HTTP status, or 0 when it did not answer. */
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** A link answer is a few hundred bytes; anything far larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;
// Relative, so a dashboard behind a path prefix works too.
const PATH = 'api/connect-links';

/** Creates customer connect links through the dashboard. Holds the token; prints without it. */
export class ConnectLinkApi {
  readonly #endpoint: URL;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: ConnectLinkApiOptions) {
    this.#endpoint = new URL(PATH, `${options.url.replace(/\/+$/, '')}/`);
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The dashboard's origin, for messages and logs. */
  get origin(): string {
    return this.#endpoint.origin;
  }

  /** Asks the dashboard for a link to `sessionId`, valid `ttlHours` (the dashboard's default if unset). */
  async create(
    sessionId: string,
    options: { ttlHours?: number | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<ConnectLink> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.#fetch(this.#endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          sessionId,
          ...(options.ttlHours === undefined ? {} : { ttlHours: options.ttlHours }),
        }),
        // A redirect would carry the token to wherever the answer points: never follow one.
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      const aborted = this.#abortError(options.signal, timeout);
      if (aborted) throw aborted;
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      throw new ConnectLinkError(
        `The dashboard at ${this.origin} cannot be reached${typeof code === 'string' ? ` (${code})` : ''}. Tell the user the connect-link service is down, or show the QR here instead (get_qr_code).`,
        0,
      );
    }
    const body = await readJson(response, signal);
    // Headers in time and then a stalled body, or a cancel while it was read: not a malformed answer.
    const aborted = this.#abortError(options.signal, timeout);
    if (aborted) throw aborted;
    if (response.status === 201) return this.#parseLink(body, sessionId);
    throw this.#failure(response, body, sessionId);
  }

  /** The error for a call cut short by the caller's cancel or by the timeout; `undefined` otherwise. */
  #abortError(cancel: AbortSignal | undefined, timeout: AbortSignal): ConnectLinkError | undefined {
    if (cancel?.aborted) return new ConnectLinkError('The call was cancelled before it finished.', 0);
    if (timeout.aborted) {
      return new ConnectLinkError(
        `The dashboard at ${this.origin} did not answer within ${Math.round(this.#timeoutMs / 1000)} s. Try again shortly; if it keeps failing, show the QR here instead (get_qr_code).`,
        0,
      );
    }
    return undefined;
  }

  #parseLink(body: unknown, sessionId: string): ConnectLink {
    const link = body as { url?: unknown; sessionId?: unknown; expiresAt?: unknown } | undefined;
    const url = typeof link?.url === 'string' ? safeUrl(link.url) : undefined;
    const expiresAt = typeof link?.expiresAt === 'string' ? new Date(link.expiresAt) : undefined;
    if (
      url === undefined ||
      link?.sessionId !== sessionId ||
      expiresAt === undefined ||
      Number.isNaN(expiresAt.getTime())
    ) {
      throw new ConnectLinkError(
        `The dashboard at ${this.origin} answered with something that is not a connect link for "${sessionId}". Tell the user; calling again will likely give the same answer.`,
        201,
      );
    }
    return { url, sessionId, expiresAt };
  }

  #failure(response: Response, body: unknown, sessionId: string): ConnectLinkError {
    const { status } = response;
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    const fail = (message: string) => new ConnectLinkError(message, status);
    if (status >= 300 && status < 400) {
      const target = safeUrl(response.headers.get('location') ?? '', this.#endpoint);
      return fail(
        `The dashboard at ${this.origin} answered with a redirect${target ? ` to ${new URL(target).origin}` : ''}, which this server does not follow with its token. Ask the user to set INBOX_HUB_DASHBOARD_URL to the dashboard's final address.`,
      );
    }
    if (status === 401 || status === 403) {
      return fail(
        `The dashboard refused this server's token (HTTP ${status}). Retrying will not help: ask the user to set INBOX_HUB_DASHBOARD_API_TOKEN in the MCP server's configuration to the dashboard's token.`,
      );
    }
    if (code === 'DISABLED') {
      return fail(
        "The dashboard's connect-link API is switched off. Ask the user to set INBOX_HUB_DASHBOARD_API_TOKEN on the dashboard as well (the same value as here); until then, show the QR here instead (get_qr_code).",
      );
    }
    if (code === 'SESSION_NOT_FOUND') {
      return fail(
        `There is no session "${sessionId}" in this account. Call list_sessions to see the existing ids, or create_session to create it, then create the link.`,
      );
    }
    if (code === 'SESSION_CONNECTED') {
      return fail(
        `Session "${sessionId}" is already connected, so it needs no link. Call get_session_status to see which number is linked.`,
      );
    }
    if (status === 400 || status === 415 || status === 422) {
      // The dashboard's own words, quoted: never with this server's token in them, whoever embeds this.
      const detail =
        typeof error?.message === 'string'
          ? ` ${printable(error.message.replaceAll(this.#token, '[redacted]'))}`
          : '';
      return fail(
        `The dashboard rejected the request (HTTP ${status}).${detail} Fix the argument and call again.`,
      );
    }
    if (status >= 500) {
      return fail(
        `The dashboard could not create the link (HTTP ${status}${code ? ` ${code}` : ''}). Wait a moment and call create_connect_link again; if it keeps failing, show the QR here instead (get_qr_code).`,
      );
    }
    return fail(
      `The dashboard at ${this.origin} answered HTTP ${status}${code ? ` ${code}` : ''}, not a link. Tell the user; calling again will likely give the same answer.`,
    );
  }

  /** Never the token. */
  toJSON(): { url: string } {
    return { url: this.origin };
  }

  /** Node's `util.inspect` view: never the token. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ConnectLinkApi { ${this.origin} }`;
  }
}

/** The body as JSON, or `undefined` when it is empty, too large or not JSON. */
async function readJson(response: Response, signal: AbortSignal): Promise<unknown> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (!signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(value);
    }
  } catch {
    return undefined;
  } finally {
    await reader.cancel().catch(() => {});
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `raw` as an absolute http(s) URL, or `undefined`. */
function safeUrl(raw: string, base?: URL): string | undefined {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A server's message, short and without control characters, fit to quote to a model. */
function printable(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return message.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').slice(0, 300);
}
