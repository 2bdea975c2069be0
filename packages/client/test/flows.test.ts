import { canary } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import { AbortError, InboxHub, type QrCode, WaitTimeoutError } from '../src/index.js';
import { fail, ok, PNG_BASE64, rawSession, scriptedFetch } from './helpers/fake-fetch.js';

/** A fake clock: sleeping advances time instantly, so QR lifetimes of minutes take no real time. */
function fakeClock(start = Date.parse('2025-10-14T09:30:00Z')) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * A tiny stateful server: one pending session whose QRs expire every `qrTtlMs`; it connects once
 * `scanAt` is reached. Only the routes the wait uses.
 */
function fakeServer(
  clock: ReturnType<typeof fakeClock>,
  opts: { scanAt?: number; qrTtlMs?: number; endAs?: string },
) {
  const ttl = opts.qrTtlMs ?? 20_000;
  let qrIssued = clock.now();
  const status = () => {
    if (opts.scanAt !== undefined && clock.now() >= opts.scanAt) return opts.endAs ?? 'connected';
    return 'pending';
  };
  return scriptedFetch((req) => {
    if (req.path.endsWith('/status')) {
      const s = status();
      return ok({
        id: 7,
        sessionId: 'cliente_001',
        status: s,
        phoneNumber: '34612345678',
        isConnected: s === 'connected',
        hasQR: s === 'pending',
        lastActivity: null,
      });
    }
    if (req.path.endsWith('/qr')) {
      if (clock.now() >= qrIssued + ttl) return fail(410, 'QR_EXPIRED', 'QR Code expired');
      return ok({
        sessionId: 'cliente_001',
        qrCode: `data:image/png;base64,${PNG_BASE64}`,
        expiresAt: new Date(qrIssued + ttl).toISOString(),
        status: 'pending',
      });
    }
    if (req.path.endsWith('/connect')) {
      qrIssued = clock.now();
      return ok({ sessionId: 'cliente_001', status: 'pending' });
    }
    return fail(404, 'SESSION_NOT_FOUND', 'no route');
  });
}

const session = { sessionId: 'cliente_001', id: 7 };

describe('waitForConnection', () => {
  it('resolves connected once the phone scans, showing each fresh QR as the old one expires', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, { scanAt: clock.now() + 65_000, qrTtlMs: 20_000 });
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const shown: QrCode[] = [];
    const statuses: string[] = [];
    const result = await hub.waitForConnection(session, {
      clock,
      onQr: (qr) => {
        shown.push(qr);
      },
      onStatus: (s) => {
        statuses.push(s.status);
      },
    });
    expect(result.outcome).toBe('connected');
    expect(result.status.phoneNumber).toBe('34612345678');
    // QRs at 0 s, 20 s, 40 s, 60 s: the first is fetched, three replace an expired one.
    expect(shown).toHaveLength(4);
    expect(result.qrRefreshes).toBe(3);
    expect(new Set(shown.map((q) => q.expiresAt.getTime())).size).toBe(4);
    expect(statuses.at(-1)).toBe('connected');
    expect(result.polls).toBe(statuses.length);
    // Polling backs off: far fewer polls than one a second over 65 s.
    expect(result.polls).toBeLessThan(25);
  });

  it('given the QR just shown, waits before the first poll and fetches no QR until it expires', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, { scanAt: clock.now() + 9_000, qrTtlMs: 60_000 });
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const qr = await hub.sessions.getQr('cliente_001');
    fetch.calls.length = 0;
    const result = await hub.waitForConnection(session, { clock, qr });
    expect(result.outcome).toBe('connected');
    expect(fetch.calls.every((c) => c.path.endsWith('/status'))).toBe(true);
    // Polls at 2.5 s, 6.25 s and 11.25 s: the third sees the scan at 9 s.
    expect(result.polls).toBe(3);
  });

  it('with returnOnNewQr, returns the replacement QR as soon as the shown one expires', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, { qrTtlMs: 20_000 });
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const first = await hub.sessions.getQr('cliente_001');
    const result = await hub.waitForConnection(session, { clock, qr: first, returnOnNewQr: true });
    expect(result.outcome).toBe('new_qr');
    expect(result.qr?.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(result.qrRefreshes).toBe(1);
    expect(result.status.status).toBe('pending');
  });

  it('ends with outcome error when the session gives up', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, { scanAt: clock.now() + 10_000, endAs: 'error' });
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const result = await hub.waitForConnection(session, { clock });
    expect(result.outcome).toBe('error');
  });

  it('throws WaitTimeoutError with the last status when time runs out', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, {});
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const error = await hub.waitForConnection(session, { clock, timeoutMs: 30_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.lastStatus.status).toBe('pending');
    expect(error.message).toMatch(/still pending after 30 s/);
  });

  it('stops on abort', async () => {
    const clock = fakeClock();
    const fetch = fakeServer(clock, {});
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const controller = new AbortController();
    let polls = 0;
    const error = await hub
      .waitForConnection(session, {
        clock,
        signal: controller.signal,
        onStatus: () => {
          if (++polls === 3) controller.abort();
        },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(polls).toBe(3);
  });
});

describe('reconnectDisconnected', () => {
  it('reconnects only the disconnected sessions, with bounded concurrency, and fetches their QRs', async () => {
    let inFlight = 0;
    let peak = 0;
    const sessions = Array.from({ length: 10 }, (_, i) =>
      rawSession({ id: i + 1, sessionId: `c_${i}`, status: i % 2 === 0 ? 'disconnected' : 'connected' }),
    );
    const fetch = scriptedFetch(async (req) => {
      if (req.path === '/api/sessions') return ok({ sessions, total: sessions.length });
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const sessionId = req.path.split('/')[3];
      if (req.path.endsWith('/connect')) return ok({ sessionId, status: 'pending' });
      if (sessionId === 'c_4') return fail(410, 'QR_EXPIRED', 'QR Code expired');
      return ok({
        sessionId,
        qrCode: PNG_BASE64,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        status: 'pending',
      });
    });
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const results = await hub.reconnectDisconnected({ concurrency: 2 });
    expect(results.map((r) => r.sessionId)).toEqual(['c_0', 'c_2', 'c_4', 'c_6', 'c_8']);
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && failed.error.name).toBe('QrExpiredError');
    expect(peak).toBeLessThanOrEqual(2);
    expect(fetch.calls.filter((c) => c.path.endsWith('/connect'))).toHaveLength(5);
  });
});

describe('ensureSession', () => {
  it('creates, or reuses the existing session on 409', async () => {
    const fetch = scriptedFetch(
      fail(409, 'SESSION_EXISTS', 'Session already exists'),
      ok({ sessions: [rawSession({ id: 9 })], total: 1 }),
    );
    const hub = new InboxHub({ baseUrl: 'http://x.test', apiKey: canary.apiKey, fetch });
    const result = await hub.ensureSession('cliente_001');
    expect(result).toMatchObject({ created: false, session: { id: 9 } });
  });
});
