import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrImage, SandboxError } from '../src/index.js';
import { createAndConnect, type Harness, startHarness } from './harness.js';

describe('QR rotation and expiry on the manual clock, through Prism', () => {
  let h: Harness;
  let id: number;
  const qr = async (sessionId = 'rotating') => {
    const res = await h.api(`/api/sessions/${sessionId}/qr`);
    return { ...res, payload: res.status === 200 ? decodeQrImage(res.body.data.qrCode) : undefined };
  };
  beforeAll(async () => {
    h = await startHarness({ qr: { firstQrMs: 60_000, nextQrMs: 20_000, maxQrs: 3 } });
    id = await createAndConnect(h, 'rotating');
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('keeps the first QR for 60 s, then rotates to one that lasts 20 s', async () => {
    const t0 = h.clock.now();
    const first = await qr();
    expect(first.body.data.expiresAt).toBe(new Date(t0 + 60_000).toISOString());
    h.clock.advance(59_999);
    expect((await qr()).payload).toBe(first.payload);
    h.clock.advance(1);
    const second = await qr();
    expect(second.status).toBe(200);
    expect(second.payload).not.toBe(first.payload);
    expect(second.body.data.expiresAt).toBe(new Date(t0 + 80_000).toISOString());
    expect(() => h.sandbox.phone.scan({ payload: first.payload as string })).toThrow(
      expect.objectContaining({ code: 'QR_EXPIRED', status: 410 }),
    );
  });

  it('goes to error when the last QR expires unscanned: 410 on /qr, no QR in status or list', async () => {
    h.clock.advance(20_000); // third and last QR
    const third = await qr();
    expect(third.status).toBe(200);
    h.clock.advance(20_000);
    const gone = await qr();
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('QR_EXPIRED');
    const status = await h.api(`/api/sessions/${id}/status`);
    expect(status.body.data).toMatchObject({ status: 'error', hasQR: false, isConnected: false });
    const list = await h.api('/api/sessions');
    expect(list.body.data.sessions[0]).toMatchObject({ status: 'error', qrCode: null });
    expect(() => h.sandbox.phone.scan({ payload: third.payload as string })).toThrow(
      expect.objectContaining({ code: 'QR_EXPIRED' }),
    );
  });

  it('starts over on /connect, and a replaced QR stops working at once', async () => {
    await h.api('/api/sessions/rotating/connect', { method: 'POST' });
    const a = await qr();
    expect(a.body.data.expiresAt).toBe(new Date(h.clock.now() + 60_000).toISOString());
    await h.api('/api/sessions/rotating/connect', { method: 'POST' });
    const b = await qr();
    expect(b.payload).not.toBe(a.payload);
    expect(() => h.sandbox.phone.scan({ payload: a.payload as string })).toThrow(
      expect.objectContaining({ code: 'QR_EXPIRED' }),
    );
    expect(h.sandbox.phone.scan({ payload: b.payload as string }).status).toBe('connected');
  });

  it('lets a QR work once only', async () => {
    await h.api('/api/sessions/rotating/disconnect', { method: 'POST' });
    await h.api('/api/sessions/rotating/connect', { method: 'POST' });
    const c = await qr();
    h.sandbox.phone.scan({ payload: c.payload as string });
    await h.api('/api/sessions/rotating/disconnect', { method: 'POST' });
    let error: unknown;
    try {
      h.sandbox.phone.scan({ payload: c.payload as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: 'QR_ALREADY_USED', status: 409 });
  });
});

describe('auto-scan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ autoScanAfterMs: 8_000 });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('connects a session with its expected number N seconds after /connect', async () => {
    const id = await createAndConnect(h, 'demo', '34699000111');
    h.clock.advance(7_999);
    expect((await h.api(`/api/sessions/${id}/status`)).body.data.status).toBe('pending');
    h.clock.advance(1);
    const status = await h.api(`/api/sessions/${id}/status`);
    expect(status.body.data).toMatchObject({
      status: 'connected',
      phoneNumber: '34699000111',
      isConnected: true,
    });
  });

  it('gives a session without an expected number a generated one', async () => {
    const id = await createAndConnect(h, 'demo_2');
    h.clock.advance(10_000);
    const status = await h.api(`/api/sessions/${id}/status`);
    expect(status.body.data.status).toBe('connected');
    expect(status.body.data.phoneNumber).toMatch(/^346\d{8}$/);
  });
});
