/**
 * The package's only HTTP boundary: the node runs on `@inbox-hub/client` (bundled into dist), and this
 * adapter makes n8n's `httpRequestWithAuthentication` look like `fetch` to it. n8n keeps its proxy settings
 * and injects the credential's `X-API-Key` itself; retries, re-login, create de-duplication, redirects and
 * error mapping are the client's, as on every surface.
 */
import { InboxHub } from '@inbox-hub/client';
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IPollFunctions } from 'n8n-workflow';

/** The contexts that may call the API: actions and the polling trigger. */
export type ApiContext = IExecuteFunctions | IPollFunctions;

/** The credential type every request authenticates with. */
export const CREDENTIAL_TYPE = 'inboxHubApi';
/** Per-attempt timeout; the client retries a timed-out attempt within its budget. */
export const TIMEOUT_MS = 10_000;
/** How much later than the client n8n's own request timeout fires. */
const BACKSTOP_MS = 5_000;

const hubs = new WeakMap<ApiContext, Promise<InboxHub>>();

/** One client per execution, shared by every item (and the trigger's poll): one login per execution. */
export function hubFor(ctx: ApiContext): Promise<InboxHub> {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = createHub(ctx);
    hub.catch(() => hubs.delete(ctx));
    hubs.set(ctx, hub);
  }
  return hub;
}

async function createHub(ctx: ApiContext): Promise<InboxHub> {
  const c = await ctx.getCredentials(CREDENTIAL_TYPE);
  const email = typeof c.email === 'string' ? c.email.trim() : '';
  const password = typeof c.password === 'string' ? c.password : '';
  const login = email !== '' && password !== '';
  return new InboxHub({
    baseUrl: String(c.baseUrl ?? '').trim(),
    // For scrubbing only: n8n adds the header itself (the adapter drops the client's copy).
    apiKey: String(c.apiKey ?? ''),
    email: login ? email : undefined,
    password: login ? password : undefined,
    fetch: n8nFetch(ctx),
    timeoutMs: TIMEOUT_MS,
  });
}

/** `fetch` over n8n's request helper. Redirects are returned, not followed, so the client refuses them. */
function n8nFetch(ctx: ApiContext): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const headers: IDataObject = {};
    request.headers.forEach((value, name) => {
      if (name !== 'x-api-key') headers[name] = value;
    });
    const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
      method: request.method as IHttpRequestMethods,
      url: request.url,
      headers,
      body: request.body ? await request.text() : undefined,
      encoding: 'arraybuffer',
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      disableFollowRedirect: true,
      // The client's own per-attempt timer aborts through the signal and reports a TimeoutError; n8n's
      // timer is only a backstop for a host that ignored the signal, so it must never fire first.
      timeout: TIMEOUT_MS + BACKSTOP_MS,
      abortSignal: request.signal,
    })) as { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
    const out = new Headers();
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== undefined) out.append(name, String(v));
    }
    const { statusCode: status, body } = response;
    const bytes = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    return new Response([204, 205, 304].includes(status) || body == null ? null : bytes, {
      status,
      headers: out,
    });
  };
}
