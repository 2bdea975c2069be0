import {
  InboxHub,
  NotFoundError,
  type QrCode,
  QrExpiredError,
  RateLimitError,
  SessionExistsError,
} from '@inbox-hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, decodeQrImage } from '../src/index.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The guide's three use cases, end to end: the real client, through Prism's validation proxy, against the
 * sandbox, with the simulated phone doing the scanning. The sandbox clock starts at the real time so the
 * client's token cache (which reads the real clock) and the sandbox agree on when tokens expire.
 */
describe("the guide's use cases with @inbox-hub/client", () => {
  let h: Harness;
  let hub: InboxHub;
  /** Lets the client's wait loop run on the sandbox's clock: sleeping moves fake time, instantly. */
  const fakeTime = () => ({
    now: () => h.clock.now(),
    sleep: async (ms: number) => h.clock.advance(ms),
  });

  beforeAll(async () => {
    h = await startHarness({ clock: createManualClock(Date.now()) });
    hub = new InboxHub({
      baseUrl: h.url,
      apiKey: h.sandbox.apiKey,
      email: h.sandbox.account.email,
      password: h.sandbox.account.password,
      fetch: h.fetch,
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('Caso 1: create → connect → QR → scan → connected', async () => {
    const { session, qr } = await hub.setupSession('cliente_12345', {
      name: 'WhatsApp Empresa ABC',
      description: 'Sesión WhatsApp para cliente Empresa ABC',
      phoneNumber: '34612345678',
    });
    expect(session).toMatchObject({
      sessionId: 'cliente_12345',
      status: 'pending',
      phoneNumber: '34612345678',
    });
    expect(qr.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(qr.expiresAt.getTime()).toBe(h.clock.now() + 60_000);
    // The step-by-step flow sends a bearer token on create: one login served it.
    expect(hub.loginCount).toBe(1);

    const payload = decodeQrImage(qr.png());
    expect(payload).toMatch(/^ihsbx:/);
    h.sandbox.phone.scan({ payload: payload as string });

    const status = await hub.sessions.getStatus(session);
    expect(status).toMatchObject({
      status: 'connected',
      isConnected: true,
      phoneNumber: '34612345678',
      hasQR: false,
    });
  });

  it('Caso 2: monitors until connected, through a QR that expires and is replaced', async () => {
    const { session, qr } = await hub.setupSession('cliente_002');
    const shown: QrCode[] = [];
    const result = await hub.waitForConnection(session, {
      qr,
      clock: fakeTime(),
      pollIntervalMs: 5_000,
      maxPollIntervalMs: 5_000,
      onQr: (next) => {
        shown.push(next);
        // The user is slow: they scan only the replacement, after the first QR expired.
        h.sandbox.phone.scan({ qrCode: next.dataUrl });
      },
    });
    expect(result.outcome).toBe('connected');
    expect(result.qrRefreshes).toBe(1);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.base64).not.toBe(qr.base64);
    expect(shown[0]?.expiresAt.getTime()).toBe(qr.expiresAt.getTime() + 20_000);
    expect(result.status).toMatchObject({ status: 'connected', isConnected: true });
    // The expired first QR cannot be used any more.
    expect(() => h.sandbox.phone.scan({ qrCode: qr.dataUrl })).toThrow(
      expect.objectContaining({ code: 'QR_EXPIRED' }),
    );
  });

  it('Caso 2: stops with error when every QR expires unscanned', async () => {
    const { session, qr } = await hub.setupSession('cliente_003');
    const result = await hub.waitForConnection(session, { qr, clock: fakeTime(), timeoutMs: 600_000 });
    expect(result.outcome).toBe('error');
    expect(result.qrRefreshes).toBe(4); // five QRs in all: 60 s, then four of 20 s
    await expect(hub.sessions.getQr(session)).rejects.toBeInstanceOf(QrExpiredError);
  });

  it('Caso 3: lists, finds the disconnected sessions, reconnects them and fetches new QRs', async () => {
    for (const [sessionId, phone] of [
      ['sucursal_madrid', '34911222333'],
      ['sucursal_bilbao', '34944555666'],
      ['sucursal_sevilla', '34955777888'],
    ] as const) {
      await hub.setupSession(sessionId, { phoneNumber: phone });
      h.sandbox.phone.scan({ sessionId });
    }
    await hub.sessions.disconnect('sucursal_madrid');
    h.sandbox.phone.logout({ phoneNumber: '34944555666' }); // the phone itself logs out

    const { sessions, total } = await hub.sessions.list();
    expect(total).toBe(6);
    const disconnected = sessions.filter((s) => s.status === 'disconnected').map((s) => s.sessionId);
    expect(disconnected.sort()).toEqual(['sucursal_bilbao', 'sucursal_madrid']);

    const results = await hub.reconnectDisconnected({ concurrency: 2 });
    expect(results.map((r) => [r.sessionId, r.ok]).sort()).toEqual([
      ['sucursal_bilbao', true],
      ['sucursal_madrid', true],
    ]);
    for (const r of results) {
      if (!r.ok) throw r.error;
      expect(h.sandbox.phone.scan({ qrCode: r.qr.dataUrl }).sessionId).toBe(r.sessionId);
    }
    const after = await hub.sessions.list();
    expect(after.sessions.filter((s) => s.sessionId.startsWith('sucursal_')).map((s) => s.status)).toEqual([
      'connected',
      'connected',
      'connected',
    ]);
  });

  it("maps the sandbox's errors to the client's typed errors", async () => {
    await expect(hub.sessions.create({ sessionId: 'cliente_12345' })).rejects.toBeInstanceOf(
      SessionExistsError,
    );
    await expect(hub.sessions.connect('nobody_here')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the client against a rate-limited sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: { limit: 2, windowMs: 30_000 } });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('surfaces 429 as RateLimitError with the Retry-After the sandbox sent', async () => {
    const hub = new InboxHub({ baseUrl: h.url, apiKey: h.sandbox.apiKey, fetch: h.fetch, maxRetries: 0 });
    await hub.sessions.list();
    await hub.sessions.list();
    const error = await hub.sessions.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
  });
});
