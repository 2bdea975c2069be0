/** A recorded request. */
export interface Recorded {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  body: string;
}

type Reply = Response | ((req: Recorded, signal: AbortSignal | null) => Response | Promise<Response>);

/**
 * An injected `fetch` for timing and fault cases: each call takes the next scripted reply (the last one
 * repeats) and is recorded, so a test can count calls and read what was sent.
 */
export function scriptedFetch(...replies: Reply[]): typeof fetch & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const rec: Recorded = {
      method: request.method,
      url: request.url,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.text(),
    };
    calls.push(rec);
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error('no scripted reply');
    const response = typeof reply === 'function' ? await reply(rec, request.signal) : reply.clone();
    return response;
  };
  return Object.assign(fn as typeof fetch, { calls });
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The success envelope. */
export function ok(data: unknown, status = 200): Response {
  return json(status, { success: true, data });
}

/** The error envelope. */
export function fail(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, { success: false, code, message }, headers);
}

/** A fetch that never answers until its signal aborts (then rejects like fetch does). */
export function hangUntilAborted(_req: Recorded, signal: AbortSignal | null): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A session object as the API sends it. */
export function rawSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    sessionId: 'cliente_001',
    name: 'WhatsApp Cliente',
    description: null,
    phoneNumber: '34612345678',
    status: 'pending',
    qrCode: null,
    lastActivity: null,
    createdAt: '2025-10-14T09:30:00.000Z',
    updatedAt: '2025-10-14T09:30:00.000Z',
    ...overrides,
  };
}

/** A 1×1 PNG, base64. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
