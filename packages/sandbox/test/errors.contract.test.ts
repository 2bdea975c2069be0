import { type PrismServer, startPrism, violationCheckingFetch } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, createAndConnect, type Harness, startHarness } from './harness.js';

describe("the spec's error paths through Prism", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ qr: { maxQrs: 1 } });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('401 INVALID_API_KEY for a wrong key, on every session route', async () => {
    for (const [method, path] of [
      ['GET', '/api/sessions'],
      ['POST', '/api/sessions/x/connect'],
      ['GET', '/api/sessions/x/qr'],
      ['GET', '/api/sessions/1/status'],
      ['POST', '/api/sessions/x/disconnect'],
    ] as const) {
      const res = await h.api(path, { method, apiKey: 'ihk_test_wrong_key' });
      expect(res.status, path).toBe(401);
      expect(res.body, path).toMatchObject({ success: false, code: 'INVALID_API_KEY' });
      expect(res.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('409 SESSION_EXISTS for a duplicate sessionId, 409 PHONE_NUMBER_IN_USE for a taken number', async () => {
    expect(
      (await h.api('/api/sessions', { body: { sessionId: 'dup', phoneNumber: '34600000001' } })).status,
    ).toBe(201);
    const dup = await h.api('/api/sessions', { body: { sessionId: 'dup' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      success: false,
      code: 'SESSION_EXISTS',
      message: 'Session already exists',
    });
    const phone = await h.api('/api/sessions', { body: { sessionId: 'other', phoneNumber: '34600000001' } });
    expect(phone.status).toBe(409);
    expect(phone.body.code).toBe('PHONE_NUMBER_IN_USE');
    expect(phone.body.message).toContain('34600000001');
  });

  it('404 SESSION_NOT_FOUND for an unknown session on every route that names one', async () => {
    for (const [method, path] of [
      ['POST', '/api/sessions/ghost/connect'],
      ['GET', '/api/sessions/ghost/qr'],
      ['GET', '/api/sessions/999999/status'],
      ['POST', '/api/sessions/ghost/disconnect'],
    ] as const) {
      const res = await h.api(path, { method });
      expect(res.status, path).toBe(404);
      expect(res.body, path).toMatchObject({ success: false, code: 'SESSION_NOT_FOUND' });
    }
  });

  it('410 QR_EXPIRED once the last QR expired; /connect brings a new one', async () => {
    await createAndConnect(h, 'expiring');
    h.clock.advance(60_000);
    const res = await h.api('/api/sessions/expiring/qr');
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ success: false, code: 'QR_EXPIRED' });
    expect((await h.api('/api/sessions/expiring/connect', { method: 'POST' })).body.data.status).toBe(
      'pending',
    );
    expect((await h.api('/api/sessions/expiring/qr')).status).toBe(200);
  });

  it('422 VALIDATION_ERROR from the sandbox for input the schema alone cannot catch (a blank name)', async () => {
    const res = await h.api('/api/sessions', { body: { sessionId: 'blank_name', name: '   ' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
      details: [{ field: 'name' }],
    });
  });
});

describe('429 RATE_LIMITED through Prism', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: { limit: 3, windowMs: 10_000 } });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('answers 429 with Retry-After past the per-key limit, and lets requests through once the window ends', async () => {
    for (let i = 0; i < 3; i++) expect((await h.api('/api/sessions')).status).toBe(200);
    h.clock.advance(4_000);
    const limited = await h.api('/api/sessions');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('6');
    expect(limited.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    h.clock.advance(6_000);
    expect((await h.api('/api/sessions')).status).toBe(200);
  });

  it('counts each key on its own', async () => {
    const other = 'ihk_test_second_key_0003';
    const h2 = await startHarness({
      rateLimit: { limit: 1, windowMs: 60_000 },
      tenants: [{ apiKey: 'ihk_test_first_key_0004' }, { apiKey: other }],
    });
    try {
      expect((await h2.api('/api/sessions')).status).toBe(200);
      expect((await h2.api('/api/sessions')).status).toBe(429);
      expect((await h2.api('/api/sessions', { apiKey: other })).status).toBe(200);
      h2.assertNoViolations();
    } finally {
      await h2.close();
    }
  });
});

/**
 * Prism's strict proxy answers invalid requests itself, so the sandbox's own 422s for schema violations
 * are checked through a lenient proxy: the request's violations are expected, the response must have none.
 */
describe('422 VALIDATION_ERROR for schema-invalid input (lenient proxy, response still validated)', () => {
  let h: Harness;
  let lenient: PrismServer;
  beforeAll(async () => {
    h = await startHarness();
    lenient = await startPrism({ mode: 'proxy', upstream: h.sandbox.url, errors: false });
  });
  afterAll(async () => {
    await lenient?.stop();
    await h?.close();
  });

  const cases: Array<[string, string, string, unknown, string]> = [
    ['create: bad sessionId', 'POST', '/api/sessions', { sessionId: '../etc' }, 'sessionId'],
    ['create: missing sessionId', 'POST', '/api/sessions', { name: 'x' }, 'sessionId'],
    [
      'create: phone with +',
      'POST',
      '/api/sessions',
      { sessionId: 'ok_1', phoneNumber: '+34612345678' },
      'phoneNumber',
    ],
    ['create: unknown field', 'POST', '/api/sessions', { sessionId: 'ok_2', colour: 'red' }, 'colour'],
    [
      'create: long description',
      'POST',
      '/api/sessions',
      { sessionId: 'ok_3', description: 'x'.repeat(501) },
      'description',
    ],
    ['create: not an object', 'POST', '/api/sessions', [1, 2], 'body'],
    ['login: missing password', 'POST', '/api/auth/login', { identifier: 'a@example.com' }, 'password'],
    ['status: non-numeric id', 'GET', '/api/sessions/abc/status', undefined, 'id'],
    ['connect: bad sessionId', 'POST', '/api/sessions/bad.id/connect', undefined, 'sessionId'],
  ];

  it.each(cases)('%s', async (_name, method, path, body, field) => {
    const checked = violationCheckingFetch();
    const res = await checked.fetch(`${lenient.url}${path}`, {
      method,
      headers: {
        'X-API-Key': h.sandbox.apiKey,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(422);
    const json = (await res.json()) as ApiResponse['body'];
    expect(json).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(json.details.map((d: { field: string }) => d.field)).toContain(field);
    const all = checked.violations.flatMap((v) => JSON.parse(v.violations) as Array<{ location: string[] }>);
    // Prism saw the request break the contract (so this path really was validated)...
    expect(all.some((x) => x.location[0] === 'request')).toBe(true);
    // ...and the sandbox's answer to it keeps the contract.
    expect(all.filter((x) => x.location[0] === 'response')).toEqual([]);
  });
});
