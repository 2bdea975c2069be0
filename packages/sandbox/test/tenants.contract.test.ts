import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const KEY_A = 'ihk_test_tenant_alpha_01';
const KEY_B = 'ihk_test_tenant_beta_02';

describe('tenant isolation through Prism', () => {
  let h: Harness;
  let idA: number;
  beforeAll(async () => {
    h = await startHarness({ tenants: [{ apiKey: KEY_A }, { apiKey: KEY_B }] });
    const created = await h.api('/api/sessions', {
      apiKey: KEY_A,
      body: { sessionId: 'shared_name', phoneNumber: '34612340000' },
    });
    idA = created.body.data.id;
    await h.api('/api/sessions/shared_name/connect', { method: 'POST', apiKey: KEY_A });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it("does not list one key's sessions to another", async () => {
    expect((await h.api('/api/sessions', { apiKey: KEY_A })).body.data.total).toBe(1);
    expect((await h.api('/api/sessions', { apiKey: KEY_B })).body.data).toEqual({ sessions: [], total: 0 });
  });

  it("answers 404 for another key's session on every route, by sessionId and by numeric id", async () => {
    for (const [method, path] of [
      ['POST', '/api/sessions/shared_name/connect'],
      ['GET', '/api/sessions/shared_name/qr'],
      ['POST', '/api/sessions/shared_name/disconnect'],
      ['GET', `/api/sessions/${idA}/status`],
    ] as const) {
      const res = await h.api(path, { method, apiKey: KEY_B });
      expect(res.status, path).toBe(404);
      expect(res.body.code, path).toBe('SESSION_NOT_FOUND');
    }
    // ...and nothing B tried changed A's session.
    const a = await h.api(`/api/sessions/${idA}/status`, { apiKey: KEY_A });
    expect(a.body.data).toMatchObject({ status: 'pending', hasQR: true });
  });

  it('lets each key use the same sessionId and phone number', async () => {
    const b = await h.api('/api/sessions', {
      apiKey: KEY_B,
      body: { sessionId: 'shared_name', phoneNumber: '34612340000' },
    });
    expect(b.status).toBe(201);
    expect(b.body.data.id).not.toBe(idA);
    expect((await h.api('/api/sessions', { apiKey: KEY_B })).body.data.total).toBe(1);
  });

  it('scans reach only the session whose QR it is', async () => {
    await h.api('/api/sessions/shared_name/connect', { method: 'POST', apiKey: KEY_B });
    h.sandbox.phone.scan({ sessionId: 'shared_name', apiKey: KEY_B });
    const statusA = await h.api(`/api/sessions/${idA}/status`, { apiKey: KEY_A });
    expect(statusA.body.data.status).toBe('pending');
    const listB = await h.api('/api/sessions', { apiKey: KEY_B });
    expect(listB.body.data.sessions[0].status).toBe('connected');
  });
});
