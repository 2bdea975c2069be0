import { canary, fakeJwt } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  InboxHub,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  SessionExistsError,
  TimeoutError,
} from '../src/index.js';
import { fail, hangUntilAborted, json, ok, rawSession, scriptedFetch } from './helpers/fake-fetch.js';

const baseUrl = 'http://inbox-hub.test';
const retryNow = { 'retry-after': '0' };

function client(
  fetch: typeof globalThis.fetch,
  extra: Partial<ConstructorParameters<typeof InboxHub>[0]> = {},
) {
  return new InboxHub({ baseUrl, apiKey: canary.apiKey, fetch, ...extra });
}

const list = () => ok({ sessions: [rawSession()], total: 1 });

describe('a tolerant reader', () => {
  it('lists a session whose status the API never documented as unknown, keeping the raw value', async () => {
    const fetch = scriptedFetch(
      ok({
        sessions: [rawSession({ status: 'reauthenticating' }), rawSession({ sessionId: 'b_2', id: 3 })],
        total: 2,
      }),
    );
    const { sessions } = await client(fetch).sessions.list();
    expect(sessions.map((s) => [s.sessionId, s.status, s.rawStatus])).toEqual([
      ['cliente_001', 'unknown', 'reauthenticating'],
      ['b_2', 'pending', 'pending'],
    ]);
  });

  it('takes missing or odd optional fields as null instead of failing', async () => {
    const fetch = scriptedFetch(
      ok({
        sessions: [
          { id: 9, sessionId: 'bare_1' },
          rawSession({ phoneNumber: 34612345678, createdAt: 'yesterday', lastActivity: null, name: 7 }),
        ],
      }),
    );
    const { sessions, total } = await client(fetch).sessions.list();
    expect(total).toBe(2);
    expect(sessions[0]).toMatchObject({
      id: 9,
      sessionId: 'bare_1',
      name: 'bare_1',
      status: 'unknown',
      rawStatus: null,
      phoneNumber: null,
      createdAt: null,
      qrBase64: null,
    });
    expect(sessions[1]).toMatchObject({ phoneNumber: null, createdAt: null, name: 'cliente_001' });
  });

  it('reads a status answer and a QR with an unknown status, and a QR without expiresAt', async () => {
    const fetch = scriptedFetch((req) =>
      req.path.endsWith('/status')
        ? ok({ sessionId: 'cliente_001', status: 'syncing' })
        : ok({ qrCode: 'iVBORw0KGgo=', status: 'syncing' }),
    );
    const hub = client(fetch);
    const status = await hub.sessions.getStatus({ sessionId: 'cliente_001', id: 2 });
    expect(status).toMatchObject({
      status: 'unknown',
      rawStatus: 'syncing',
      isConnected: false,
      hasQR: false,
    });
    const qr = await hub.sessions.getQr('cliente_001');
    expect(qr.status).toBe('unknown');
    expect(qr.rawStatus).toBe('syncing');
    expect(qr.expiresInMs()).toBeGreaterThan(0);
  });

  it('still refuses a QR answer without the QR', async () => {
    const fetch = scriptedFetch(ok({ status: 'pending', expiresAt: new Date().toISOString() }));
    const error = await client(fetch)
      .sessions.getQr('cliente_001')
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/qrCode is missing/);
  });
});

describe('retries', () => {
  it('retries 429, 502, 503, 504 and 408, then succeeds within the budget', async () => {
    for (const status of [408, 429, 502, 503, 504]) {
      const fetch = scriptedFetch(fail(status, 'RATE_LIMITED', 'busy', retryNow), list());
      const result = await client(fetch).sessions.list();
      expect(result.total).toBe(1);
      expect(fetch.calls).toHaveLength(2);
    }
  });

  it('gives up after maxRetries and reports how many times it tried', async () => {
    const fetch = scriptedFetch(fail(503, 'SERVICE_UNAVAILABLE', 'down', retryNow));
    const error = await client(fetch, { maxRetries: 2 })
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(fetch.calls).toHaveLength(3);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/tried 3 times/);
  });

  it('does not retry 500, 400-class errors or a 404', async () => {
    for (const reply of [
      fail(500, 'INTERNAL_ERROR', 'x'),
      fail(404, 'SESSION_NOT_FOUND', 'x'),
      fail(422, 'VALIDATION_ERROR', 'x'),
    ]) {
      const fetch = scriptedFetch(reply, list());
      await expect(client(fetch).sessions.list()).rejects.toThrow();
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it('honours Retry-After in seconds', async () => {
    const fetch = scriptedFetch(fail(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '1' }), list());
    const started = Date.now();
    await client(fetch).sessions.list();
    // A lower bound only: the client must not retry before the server said it may.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait out an unreasonable Retry-After: the caller gets a RateLimitError at once', async () => {
    const fetch = scriptedFetch(fail(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '3600' }), list());
    const error = await client(fetch)
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(fetch.calls).toHaveLength(1);
  });

  it('a 503 that asks for an unreasonable wait: a ServerError at once, saying when to come back', async () => {
    const fetch = scriptedFetch(
      fail(503, 'SERVICE_UNAVAILABLE', 'maintenance', { 'retry-after': '3600' }),
      list(),
    );
    const error = await client(fetch)
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.message).toContain('Try again in 3600 s');
    expect(fetch.calls).toHaveLength(1);
  });

  it('retries network errors and wraps the last one in ConnectionError', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const fetch = scriptedFetch(refused);
    const error = await client(fetch, { maxRetries: 1 })
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(baseUrl);
    expect(fetch.calls).toHaveLength(2);
  });

  it('a retried create that meets 409 returns the session the first attempt made', async () => {
    const fetch = scriptedFetch(
      fail(503, 'SERVICE_UNAVAILABLE', 'down', retryNow),
      fail(409, 'SESSION_EXISTS', 'Session already exists'),
      ok({ sessions: [rawSession({ sessionId: 'cliente_001', id: 42 })], total: 1 }),
    );
    const session = await client(fetch).sessions.create({ sessionId: 'cliente_001' });
    expect(session.id).toBe(42);
    expect(fetch.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/sessions',
      'POST /api/sessions',
      'GET /api/sessions',
    ]);
  });

  it('a first-attempt 409 is a real conflict: SessionExistsError', async () => {
    const fetch = scriptedFetch(fail(409, 'SESSION_EXISTS', 'Session already exists'));
    await expect(client(fetch).sessions.create({ sessionId: 'cliente_001' })).rejects.toBeInstanceOf(
      SessionExistsError,
    );
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('timeouts and aborts', () => {
  it('times out each attempt and retries, then throws TimeoutError', async () => {
    const fetch = scriptedFetch(hangUntilAborted);
    const error = await client(fetch, { timeoutMs: 50, maxRetries: 1 })
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/within 50 ms/);
    expect(fetch.calls).toHaveLength(2);
  });

  it('a slow body counts against the timeout too', async () => {
    const trickle = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"success":true,'));
            // never closes
          },
        }),
        { status: 200 },
      );
    const fetch = scriptedFetch(trickle);
    const error = await client(fetch, { timeoutMs: 50, maxRetries: 0 })
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('an abort stops the call at once, and does not retry', async () => {
    const fetch = scriptedFetch(hangUntilAborted);
    const controller = new AbortController();
    const pending = client(fetch).sessions.list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(fetch.calls).toHaveLength(1);
  });

  it('an abort during the backoff wait ends it', async () => {
    const fetch = scriptedFetch(fail(503, 'SERVICE_UNAVAILABLE', 'down', { 'retry-after': '30' }));
    const controller = new AbortController();
    const pending = client(fetch).sessions.list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('concurrency', () => {
  it('keeps at most maxConcurrency requests on the wire; the rest queue', async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch = scriptedFetch(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return list();
    });
    const hub = client(fetch, { maxConcurrency: 4 });
    const results = await Promise.all(Array.from({ length: 50 }, () => hub.sessions.list()));
    expect(results).toHaveLength(50);
    expect(peak).toBe(4);
  });

  it('an abort while queued rejects without sending', async () => {
    const fetch = scriptedFetch(hangUntilAborted);
    const hub = client(fetch, { maxConcurrency: 1, timeoutMs: 5_000 });
    const first = hub.sessions.list().catch((e) => e);
    const controller = new AbortController();
    const queued = hub.sessions.list({ signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    expect(fetch.calls).toHaveLength(1);
    await first;
  });
});

describe('responses that break the contract', () => {
  it('malformed JSON on 200 → InvalidResponseError', async () => {
    const fetch = scriptedFetch(new Response('{"success": tru', { status: 200 }));
    await expect(client(fetch).sessions.list()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('200 with success:false → the typed API error', async () => {
    const fetch = scriptedFetch(json(200, { success: false, code: 'SESSION_EXISTS', message: 'exists' }));
    await expect(client(fetch).sessions.create({ sessionId: 'x_1' })).rejects.toBeInstanceOf(
      SessionExistsError,
    );
  });

  it('200 whose data lacks what the flows need (a session id) → InvalidResponseError naming the field', async () => {
    const fetch = scriptedFetch(ok({ sessions: [rawSession({ sessionId: undefined })], total: 1 }));
    const error = await client(fetch)
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/sessionId is missing/);
  });

  it('502 with an HTML page → ServerError with a short excerpt, after retries', async () => {
    const html = new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
      status: 502,
      headers: { 'content-type': 'text/html', 'retry-after': '0' },
    });
    const fetch = scriptedFetch(html);
    const error = await client(fetch)
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(fetch.calls).toHaveLength(3);
  });
});

describe('auth', () => {
  const creds = { email: canary.email, password: canary.password };
  const login = (exp = Math.floor(Date.now() / 1000) + 86_400) => ok({ accessToken: fakeJwt(exp) });
  const created = () => ok(rawSession(), 201);

  it('sends only the API key on session routes without a JWT route', async () => {
    const fetch = scriptedFetch(list());
    await client(fetch, creds).sessions.list();
    expect(fetch.calls[0]?.headers.get('x-api-key')).toBe(canary.apiKey);
    expect(fetch.calls[0]?.headers.get('authorization')).toBeNull();
  });

  it('100 concurrent creates on a cold client share one login', async () => {
    const fetch = scriptedFetch((req) => (req.path === '/api/auth/login' ? login() : created()));
    const hub = client(fetch, creds);
    await Promise.all(Array.from({ length: 100 }, (_, i) => hub.sessions.create({ sessionId: `c_${i}` })));
    expect(hub.loginCount).toBe(1);
    expect(fetch.calls.filter((c) => c.path === '/api/auth/login')).toHaveLength(1);
  });

  it('logs in again when the cached token is within an hour of its exp', async () => {
    const soon = Math.floor(Date.now() / 1000) + 30 * 60; // expires in 30 min: renew at 15 min left
    const fetch = scriptedFetch((req) => (req.path === '/api/auth/login' ? login(soon) : created()));
    const hub = client(fetch, creds);
    await hub.sessions.create({ sessionId: 'c_1' });
    await hub.sessions.create({ sessionId: 'c_2' });
    expect(hub.loginCount).toBe(1);
    const expired = Math.floor(Date.now() / 1000) + 1; // renews halfway: immediately stale
    const fetch2 = scriptedFetch((req) => (req.path === '/api/auth/login' ? login(expired) : created()));
    const hub2 = client(fetch2, creds);
    await hub2.sessions.create({ sessionId: 'c_1' });
    await new Promise((r) => setTimeout(r, 600));
    await hub2.sessions.create({ sessionId: 'c_2' });
    expect(hub2.loginCount).toBe(2);
  });

  it('a 401 on a bearer route logs in once more and retries once', async () => {
    let creates = 0;
    const fetch = scriptedFetch((req) => {
      if (req.path === '/api/auth/login') return login();
      creates++;
      return creates === 1 ? fail(401, 'TOKEN_EXPIRED', 'expired') : created();
    });
    const hub = client(fetch, creds);
    const session = await hub.sessions.create({ sessionId: 'c_1' });
    expect(session.sessionId).toBe('cliente_001');
    expect(hub.loginCount).toBe(2);
  });

  it('a second 401 after the re-login is an AuthenticationError, with no loop', async () => {
    const fetch = scriptedFetch((req) =>
      req.path === '/api/auth/login' ? login() : fail(401, 'TOKEN_EXPIRED', 'expired'),
    );
    const hub = client(fetch, creds);
    await expect(hub.sessions.create({ sessionId: 'c_1' })).rejects.toBeInstanceOf(AuthenticationError);
    expect(hub.loginCount).toBe(2);
    expect(fetch.calls.filter((c) => c.path === '/api/sessions')).toHaveLength(2);
  });

  it('a refused login is an AuthenticationError about the e-mail and password', async () => {
    const fetch = scriptedFetch(fail(401, 'INVALID_CREDENTIALS', 'Invalid identifier or password.'));
    const error = await client(fetch, creds)
      .sessions.create({ sessionId: 'c_1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/e-mail and password/);
  });

  it('a 401 on an API-key route is not retried with a login', async () => {
    const fetch = scriptedFetch(fail(401, 'INVALID_API_KEY', 'Invalid or missing API key'));
    const error = await client(fetch, creds)
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/API key/);
    expect(fetch.calls).toHaveLength(1);
  });
});
