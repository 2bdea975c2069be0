import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { InboxHub } from '../nodes/InboxHub/InboxHub.node.js';
import { credentials, executeContext, fail, fakeHttp, ok, PNG_BASE64 } from './fake-context.mjs';

const node = new InboxHub();
const session = {
  id: 7,
  sessionId: 'cliente_001',
  name: 'Sesión cliente_001',
  description: null,
  phoneNumber: '34612345678',
  status: 'pending',
  qrCode: null,
  createdAt: '2025-10-14T09:30:00.000Z',
  updatedAt: '2025-10-14T09:30:00.000Z',
};
const qr = {
  sessionId: 'cliente_001',
  qrCode: `data:image/png;base64,${PNG_BASE64}`,
  expiresAt: '2025-10-14T09:31:05.000Z',
  status: 'pending',
};

describe('description', () => {
  it('is usable as an AI tool and lists every operation', () => {
    expect(node.description.usableAsTool).toBe(true);
    const operation = node.description.properties.find((p) => p.name === 'operation');
    expect(operation?.options?.map((o) => (o as { value: string }).value).sort()).toEqual(
      ['connect', 'create', 'disconnect', 'getAll', 'getQrCode', 'getStatus', 'setup'].sort(),
    );
  });
});

describe('operations', () => {
  it('Create posts the checked body to the base URL without a trailing slash', async () => {
    const http = fakeHttp(() => ({ statusCode: 201, body: { success: true, data: session } }));
    const ctx = executeContext({
      params: [
        {
          resource: 'session',
          operation: 'create',
          sessionId: 'cliente_001',
          additionalFields: { phoneNumber: '34612345678' },
        },
      ],
      http,
    });
    const [out] = await node.execute.call(ctx);
    // The API's own fields and ISO dates; the tolerant reader adds rawStatus and a null lastActivity.
    expect(out).toEqual([
      { json: { ...session, rawStatus: 'pending', lastActivity: null }, pairedItem: { item: 0 } },
    ]);
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://api.example.test/api/sessions',
      body: { sessionId: 'cliente_001', phoneNumber: '34612345678' },
      credentialType: 'inboxHubApi',
    });
    expect(http.requests[0]?.headers.authorization).toBeUndefined();
    // n8n injects the key from the credential: the node never sends its own copy.
    expect(http.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('Create logs in first and sends the bearer token when the credential has an e-mail and password', async () => {
    const http = fakeHttp((r) =>
      r.url.endsWith('/api/auth/login')
        ? ok({ accessToken: 'jwt.token.value' })
        : { statusCode: 201, body: { success: true, data: session } },
    );
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'create', sessionId: 'cliente_001' }],
      http,
      creds: { email: 'crm@example.com', password: 'CANARY_password_93b1f0e7' },
    });
    await node.execute.call(ctx);
    expect(http.requests.map((r) => r.url)).toEqual([
      'https://api.example.test/api/auth/login',
      'https://api.example.test/api/sessions',
    ]);
    expect(http.requests[1]?.headers.authorization).toBe('Bearer jwt.token.value');
  });

  it('Connect and Disconnect return the state for each item, paired', async () => {
    const http = fakeHttp((r) =>
      ok({ sessionId: r.url.split('/')[5], status: r.url.endsWith('/connect') ? 'pending' : 'disconnected' }),
    );
    const ctx = executeContext({
      params: [
        { resource: 'session', operation: 'connect', sessionId: 'a_1' },
        { resource: 'session', operation: 'connect', sessionId: 'b_2' },
      ],
      http,
    });
    const [out] = await node.execute.call(ctx);
    expect(out).toEqual([
      { json: { sessionId: 'a_1', status: 'pending', rawStatus: 'pending' }, pairedItem: { item: 0 } },
      { json: { sessionId: 'b_2', status: 'pending', rawStatus: 'pending' }, pairedItem: { item: 1 } },
    ]);
    const disconnect = fakeHttp(() => ok({ sessionId: 'a_1', status: 'disconnected' }));
    const [d] = await node.execute.call(
      executeContext({
        params: [{ resource: 'session', operation: 'disconnect', sessionId: 'a_1' }],
        http: disconnect,
      }),
    );
    expect(disconnect.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://api.example.test/api/sessions/a_1/disconnect',
    });
    expect(d?.[0]?.json).toEqual({ sessionId: 'a_1', status: 'disconnected', rawStatus: 'disconnected' });
  });

  it('Get QR Code accepts raw base64 too and returns the PNG binary, data URL and expiry', async () => {
    const http = fakeHttp(() => ok({ ...qr, qrCode: PNG_BASE64 }));
    const ctx = executeContext({
      params: [
        { resource: 'session', operation: 'getQrCode', sessionId: 'cliente_001', binaryPropertyName: 'qr' },
      ],
      http,
    });
    const [out] = await node.execute.call(ctx);
    const item = out?.[0];
    expect(item?.json).toMatchObject({
      sessionId: 'cliente_001',
      expiresAt: qr.expiresAt,
      qrCode: qr.qrCode,
      status: 'pending',
    });
    expect(item?.binary?.qr).toMatchObject({
      data: PNG_BASE64,
      mimeType: 'image/png',
      fileName: 'cliente_001-qr.png',
    });
  });

  it('Get Status by session ID looks the numeric id up, then calls /status with it', async () => {
    const http = fakeHttp((r) =>
      r.url.endsWith('/api/sessions')
        ? ok({ total: 1, sessions: [session] })
        : ok({
            sessionId: 'cliente_001',
            status: 'connected',
            phoneNumber: '34612345678',
            isConnected: true,
            hasQR: false,
          }),
    );
    const ctx = executeContext({
      params: [
        { resource: 'session', operation: 'getStatus', findBy: 'sessionId', sessionId: 'cliente_001' },
      ],
      http,
    });
    const [out] = await node.execute.call(ctx);
    expect(http.requests[1]?.url).toBe('https://api.example.test/api/sessions/7/status');
    expect(out?.[0]?.json).toMatchObject({ id: 7, status: 'connected', isConnected: true });
  });

  it('Get Many applies Limit, Return All and the status filter', async () => {
    const sessions = [1, 2, 3].map((id) => ({
      ...session,
      id,
      sessionId: `s_${id}`,
      status: id === 2 ? 'connected' : 'pending',
    }));
    const http = fakeHttp(() => ok({ total: 3, sessions }));
    const run = async (params: Record<string, unknown>) => {
      const [out] = await node.execute.call(
        executeContext({ params: [{ resource: 'session', operation: 'getAll', ...params }], http }),
      );
      return out?.map((i) => i.json.sessionId);
    };
    expect(await run({ returnAll: false, limit: 2 })).toEqual(['s_1', 's_2']);
    expect(await run({ returnAll: true })).toEqual(['s_1', 's_2', 's_3']);
    expect(await run({ returnAll: true, filters: { status: ['connected'] } })).toEqual(['s_2']);
  });

  it('Get Many lists a session whose status the API never documented as unknown, with the raw value', async () => {
    const http = fakeHttp(() =>
      ok({
        total: 2,
        sessions: [
          { ...session, status: 'reauthenticating' },
          { id: 9, sessionId: 'bare_9' },
        ],
      }),
    );
    const [out] = await node.execute.call(
      executeContext({ params: [{ resource: 'session', operation: 'getAll', returnAll: true }], http }),
    );
    expect(out?.map((i) => [i.json.sessionId, i.json.status, i.json.rawStatus])).toEqual([
      ['cliente_001', 'unknown', 'reauthenticating'],
      ['bare_9', 'unknown', null],
    ]);
  });

  it('Setup reuses an existing session when asked to', async () => {
    const http = fakeHttp((r) => {
      if (r.method === 'POST' && r.url.endsWith('/api/sessions'))
        return fail(409, 'SESSION_EXISTS', 'Session already exists');
      if (r.url.endsWith('/api/sessions')) return ok({ total: 1, sessions: [session] });
      if (r.url.endsWith('/connect')) return ok({ sessionId: 'cliente_001', status: 'pending' });
      return ok(qr);
    });
    const ctx = executeContext({
      params: [
        {
          resource: 'session',
          operation: 'setup',
          sessionId: 'cliente_001',
          ifExists: 'reuse',
          binaryPropertyName: 'data',
        },
      ],
      http,
    });
    const [out] = await node.execute.call(ctx);
    expect(out?.[0]?.json).toMatchObject({
      id: 7,
      sessionId: 'cliente_001',
      reused: true,
      qrCode: qr.qrCode,
    });
    expect(out?.[0]?.binary?.data?.mimeType).toBe('image/png');
  });
  it('Setup on a reused session that is already connected returns it without asking for a QR', async () => {
    const http = fakeHttp((r) => {
      if (r.method === 'POST' && r.url.endsWith('/api/sessions'))
        return fail(409, 'SESSION_EXISTS', 'Session already exists');
      if (r.url.endsWith('/api/sessions'))
        return ok({ total: 1, sessions: [{ ...session, status: 'connected' }] });
      if (r.url.endsWith('/connect')) return ok({ sessionId: 'cliente_001', status: 'connected' });
      return fail(404, 'QR_NOT_AVAILABLE', 'No QR code available for this session. Call connect first.');
    });
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'setup', sessionId: 'cliente_001', ifExists: 'reuse' }],
      http,
    });
    const [out] = await node.execute.call(ctx);
    expect(out?.[0]?.json).toMatchObject({ sessionId: 'cliente_001', status: 'connected', reused: true });
    expect(out?.[0]?.binary).toBeUndefined();
    expect(http.requests.some((r) => r.url.endsWith('/qr'))).toBe(false);
  });

  it('Setup without "Reuse It" fails on SESSION_EXISTS with the API message', async () => {
    const http = fakeHttp(() => fail(409, 'SESSION_EXISTS', 'Session already exists'));
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'setup', sessionId: 'cliente_001' }],
      http,
    });
    await expect(node.execute.call(ctx)).rejects.toThrow('Session already exists');
    expect(http.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('refuses a bad parameter with NodeOperationError before any request', async () => {
    const http = fakeHttp(() => ok({}));
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'connect', sessionId: 'bad id/..' }],
      http,
    });
    const error = await node.execute.call(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('Invalid "Session ID" parameter');
    expect(http.requests).toHaveLength(0);
  });

  it('turns an API failure into NodeApiError with the API message, code and request id', async () => {
    const http = fakeHttp(() => fail(404, 'SESSION_NOT_FOUND', 'Session not found'));
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'connect', sessionId: 'nope' }],
      http,
    });
    const error = (await node.execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
    expect(error).toBeInstanceOf(NodeApiError);
    expect(error.message).toBe('Session not found');
    expect(error.httpCode).toBe('404');
    expect(error.description).toContain('SESSION_NOT_FOUND');
    expect(error.description).toContain('req_unit_1');
  });

  it('says when to retry, from Retry-After, on a 503 as on a 429', async () => {
    for (const [status, code] of [
      [503, 'SERVICE_UNAVAILABLE'],
      [429, 'RATE_LIMITED'],
    ] as const) {
      // An hour is longer than the client waits by itself: it reports at once, with the server's wait.
      const answer = fail(status, code, 'Come back later');
      const http = fakeHttp(() => ({ ...answer, headers: { ...answer.headers, 'retry-after': '3600' } }));
      const ctx = executeContext({
        params: [{ resource: 'session', operation: 'connect', sessionId: 'busy_1' }],
        http,
      });
      const error = (await node.execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
      expect(error).toBeInstanceOf(NodeApiError);
      expect(error.description).toContain('Retry after 3600 s.');
      expect(http.requests).toHaveLength(1);
    }
  });

  it('continueOnFail emits one error item per failed input, paired, and keeps going', async () => {
    const http = fakeHttp((r) =>
      r.url.includes('/missing/')
        ? fail(404, 'SESSION_NOT_FOUND', 'Session not found')
        : ok({ sessionId: 'good_1', status: 'pending' }),
    );
    const ctx = executeContext({
      params: [
        { resource: 'session', operation: 'connect', sessionId: 'missing' },
        { resource: 'session', operation: 'connect', sessionId: 'not valid!' },
        { resource: 'session', operation: 'connect', sessionId: 'good_1' },
      ],
      http,
      continueOnFail: true,
    });
    const [out] = await node.execute.call(ctx);
    expect(out).toHaveLength(3);
    expect(out?.[0]).toMatchObject({
      json: { error: 'Session not found', code: 'SESSION_NOT_FOUND', httpCode: '404' },
      pairedItem: { item: 0 },
    });
    expect(out?.[1]?.json.error).toContain('Invalid "Session ID" parameter');
    expect(out?.[1]?.pairedItem).toEqual({ item: 1 });
    expect(out?.[2]).toEqual({
      json: { sessionId: 'good_1', status: 'pending', rawStatus: 'pending' },
      pairedItem: { item: 2 },
    });
    expect(http.requests).toHaveLength(2);
  });

  it('reports a connection failure without copying the request (and so the key) into the error', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      config: { headers: { 'X-API-Key': credentials.apiKey } },
    });
    const http = fakeHttp(() => cause);
    const ctx = executeContext({
      params: [{ resource: 'session', operation: 'getAll', returnAll: true }],
      http,
      continueOnFail: true,
    });
    const [out] = await node.execute.call(ctx);
    expect(out?.[0]?.json.code).toBe('ECONNREFUSED');
    expect(JSON.stringify(out)).not.toContain(credentials.apiKey);
  });
});
