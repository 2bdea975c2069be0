/**
 * The relay end to end on both backends, in process: the sandbox's sessions change, the watcher's events
 * go through the outbox, and a real HTTP receiver verifies each signed request with `standardwebhooks`.
 */
import { InboxHub } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRelay,
  type Endpoint,
  type Outbox,
  openOutbox,
  type Relay,
  type RelayOptions,
  retryDelayMs,
} from '../src/index.js';
import { backends } from './support/backends.js';
import { secretKey, testSecret } from './support/fixtures.js';
import { type Answer, startReceiver } from './support/receiver.js';
import { waitUntil } from './support/wait.js';

const crmSecret = testSecret('crm');
const erpSecret = testSecret('erp');

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, with half of each step random, and honours a longer Retry-After', () => {
    const policy = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, undefined, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000,
    ]);
    expect(retryDelayMs(1, policy, 7_000, () => 0)).toBe(7_000);
    expect(retryDelayMs(1, policy, 60_000, () => 0)).toBe(10_000);
  });
});

describe.each(backends)('delivery on $name', (backend) => {
  let sandbox: RunningSandbox;
  let hub: InboxHub;
  const logs: string[] = [];
  const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
  const cleanups: Array<() => Promise<unknown>> = [];
  let counter = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await sandbox?.close();
    // Secrets never reach a log line, whatever happened in the tests above.
    const text = logs.join('\n');
    for (const secret of [crmSecret, erpSecret, canary.apiKey]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secretKey(secret));
    }
  });

  async function receiver(secret: string, respond?: (r: { id: string; body: string; n: number }) => Answer) {
    const r = await startReceiver({ secret, respond });
    cleanups.push(() => r.close());
    return r;
  }

  async function relay(
    endpoints: Endpoint[],
    options: Partial<RelayOptions> = {},
  ): Promise<{ relay: Relay; outbox: Outbox }> {
    const outbox = await openOutbox(await backend.target());
    const r = createRelay({
      hub,
      outbox,
      endpoints,
      instance: `test-${++counter}`,
      intervalMs: 50,
      claimIntervalMs: 20,
      timeoutMs: 2_000,
      retry: { baseMs: 10, maxMs: 40, maxAttempts: 5 },
      logger,
      ...options,
    });
    cleanups.push(async () => {
      await r.stop();
      await outbox.close();
    });
    return { relay: r, outbox };
  }

  const endpoint = (
    name: string,
    url: string,
    secret: string,
    events: Endpoint['events'] = 'all',
  ): Endpoint => ({
    name,
    url,
    secret,
    events,
  });
  const sessionId = (label: string) => `${backend.name}_${label}_${++counter}`;

  it('POSTs each event as a Standard Webhooks request, signed per endpoint, id = the event id, body = the event', async () => {
    const crm = await receiver(crmSecret);
    const erp = await receiver(erpSecret);
    const { relay: r, outbox } = await relay([
      endpoint('crm', crm.url, crmSecret),
      endpoint('erp', erp.url, erpSecret, new Set(['session.status_changed'])),
    ]);
    await r.tick(); // the baseline
    const id = sessionId('sign');
    await hub.sessions.create({ sessionId: id, phoneNumber: '34600000001' });
    await r.tick();
    await hub.sessions.connect(id);
    await r.tick();
    sandbox.phone.scan({ sessionId: id, apiKey: canary.apiKey });
    await r.tick();
    while ((await r.deliverDue()) > 0) {}

    const stored = (await outbox.eventsAfter(0, 100)).filter((e) => e.sessionId === id);
    expect(stored.map((e) => e.type)).toEqual([
      'session.created',
      'session.qr_rotated',
      'session.status_changed',
    ]);
    expect(crm.requests.map((q) => [q.id, q.body])).toEqual(stored.map((e) => [e.id, e.body]));
    expect(crm.requests.every((q) => q.verified && q.userAgent?.startsWith('inbox-hub-relay/'))).toBe(true);
    // erp subscribed to status changes only, and verifies with its own secret.
    const change = stored[2]!;
    expect(erp.requests.map((q) => [q.id, q.verified])).toEqual([[change.id, true]]);
    expect(JSON.parse(erp.requests[0]!.body)).toMatchObject({
      type: 'session.status_changed',
      from: 'pending',
      to: 'connected',
      sessionId: id,
      session: { phoneNumber: '34600000001' },
    });
    // One endpoint's signature does not verify with another's secret.
    const other = await receiver(erpSecret);
    const wrong = await relay([endpoint('crm', other.url, crmSecret)]);
    await wrong.outbox.commitTick({
      expectedVersion: 0,
      cursor: '{"v":1,"at":null,"resyncs":0,"sessions":{}}',
      events: [{ ...change, endpoints: ['crm'] }],
      now: Date.now(),
    });
    await wrong.relay.deliverDue();
    expect(other.requests.map((q) => q.verified)).toEqual([false]);
    expect(await outbox.counts()).toMatchObject({ delivered: 4, pending: 0, dead: 0 });
  });

  it('retries a failing receiver with backoff, with the same webhook id, until it answers 2xx', async () => {
    const crm = await receiver(crmSecret, ({ n }) => ({ status: n <= 3 ? 500 : 204, body: 'CRM is down' }));
    const { relay: r, outbox } = await relay([endpoint('crm', crm.url, crmSecret)]);
    await r.tick();
    await hub.sessions.create({ sessionId: sessionId('retry') });
    await r.tick();
    await r.start();
    const delivered = await waitUntil(
      async () => (await outbox.list({ status: 'delivered' }))[0],
      'the delivery',
    );
    expect(delivered).toMatchObject({ attempts: 4, lastStatus: 204, lastError: null });
    expect(crm.requests.map((q) => q.status)).toEqual([500, 500, 500, 204]);
    expect(new Set(crm.requests.map((q) => q.id))).toEqual(new Set([delivered.eventId]));
    expect(crm.requests.every((q) => q.verified)).toBe(true);
  });

  it('gives up after maxAttempts (dead), and a replay sends it again with the same id', async () => {
    let healthy = false;
    const crm = await receiver(crmSecret, () => ({ status: healthy ? 200 : 503 }));
    const { relay: r, outbox } = await relay([endpoint('crm', crm.url, crmSecret)], {
      retry: { baseMs: 5, maxMs: 10, maxAttempts: 3 },
    });
    await r.tick();
    await hub.sessions.create({ sessionId: sessionId('dead') });
    await r.tick();
    await r.start();
    const dead = await waitUntil(async () => (await outbox.list({ status: 'dead' }))[0], 'the dead delivery');
    expect(dead).toMatchObject({ attempts: 3, lastStatus: 503, lastError: 'answered 503' });
    expect(crm.requests).toHaveLength(3);
    expect(logs.some((l) => l.includes(`outbox replay ${dead.id}`))).toBe(true);
    healthy = true;
    expect(await outbox.replay({ allDead: true }, Date.now())).toEqual([dead.id]);
    await waitUntil(async () => (await outbox.counts()).delivered === 1, 'the replayed delivery');
    expect(crm.requests.map((q) => [q.id, q.status])).toEqual([
      [dead.eventId, 503],
      [dead.eventId, 503],
      [dead.eventId, 503],
      [dead.eventId, 200],
    ]);
  });

  it('times out a receiver that never answers, follows no redirect, and reads only the start of a huge answer', async () => {
    const elsewhere = await receiver(crmSecret);
    const hang = await receiver(crmSecret, () => ({ status: 200, hang: true }));
    const redirect = await receiver(crmSecret, () => ({ status: 307, headers: { location: elsewhere.url } }));
    const endless = await receiver(crmSecret, () => ({ status: 500, endless: true }));
    const { relay: r, outbox } = await relay(
      [
        endpoint('hang', hang.url, crmSecret),
        endpoint('redirect', redirect.url, crmSecret),
        endpoint('endless', endless.url, crmSecret),
      ],
      { timeoutMs: 1_500, retry: { baseMs: 10, maxMs: 10, maxAttempts: 1 } },
    );
    await r.tick();
    await hub.sessions.create({ sessionId: sessionId('faults') });
    await r.tick();
    await r.deliverDue();
    const rows = await outbox.list({ status: 'dead' });
    const by = (name: string) => rows.find((d) => d.endpoint === name);
    expect(by('hang')).toMatchObject({ lastStatus: null, lastError: 'no answer within 1500 ms' });
    expect(by('redirect')?.lastError).toMatch(/^answered 307 \(a redirect, which the relay does not follow/);
    expect(elsewhere.requests).toEqual([]);
    // The endless body was cut after a few KB: an HTTP error, not a timeout, and a short note.
    expect(by('endless')?.lastStatus).toBe(500);
    expect(by('endless')?.lastError).toMatch(/^answered 500: x+…?$/);
    expect(by('endless')!.lastError!.length).toBeLessThanOrEqual(301);
  });

  it('on stop, lets a delivery in flight finish within the grace period, else hands it back uncounted', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = await receiver(crmSecret, () => ({ status: 204, after: gate }));
    const first = await relay([endpoint('crm', slow.url, crmSecret)], { shutdownGraceMs: 30_000 });
    await first.relay.tick();
    await hub.sessions.create({ sessionId: sessionId('grace') });
    await first.relay.tick();
    await first.relay.start();
    await waitUntil(() => slow.requests.length === 1, 'the request to arrive');
    const stopping = first.relay.stop();
    release();
    await stopping;
    expect(await first.outbox.list()).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
    ]);

    const stuck = await receiver(crmSecret, () => ({ status: 204, hang: true }));
    const second = await relay([endpoint('crm', stuck.url, crmSecret)], { shutdownGraceMs: 50 });
    await second.relay.tick();
    await hub.sessions.create({ sessionId: sessionId('handback') });
    await second.relay.tick();
    await second.relay.start();
    await waitUntil(() => stuck.requests.length === 1, 'the request to arrive');
    await second.relay.stop();
    expect(await second.outbox.list()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0, leaseOwner: null }),
    ]);
  });

  it('stops when asked during a tick, without waiting for the next one', { timeout: 20_000 }, async () => {
    // The session list answers only when the test says so, and the next tick is an hour away: a stop that
    // waited for the interval after the tick under way would time this test out.
    let listed: () => void = () => {};
    const asked = new Promise<void>((resolve) => {
      listed = resolve;
    });
    let answer: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const gated = new InboxHub({
      baseUrl: sandbox.url,
      apiKey: canary.apiKey,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method === 'GET' && new URL(request.url).pathname === '/api/sessions') {
          listed();
          await gate;
        }
        return fetch(request);
      },
    });
    const { relay: r } = await relay([], { hub: gated, intervalMs: 3_600_000 });
    await r.start();
    await asked;
    const stopping = r.stop();
    answer();
    await stopping;
  });

  it('keeps secrets out of the outbox', async () => {
    const crm = await receiver(crmSecret, () => ({ status: 500, body: 'nope' }));
    const { relay: r, outbox } = await relay([endpoint('crm', crm.url, crmSecret)], {
      retry: { baseMs: 1, maxMs: 1, maxAttempts: 1 },
    });
    await r.tick();
    await hub.sessions.create({ sessionId: sessionId('secret') });
    await r.tick();
    await r.deliverDue();
    const dump = JSON.stringify([await outbox.list({ limit: 1000 }), await outbox.eventsAfter(0, 1000)]);
    expect(dump).toContain('answered 500: nope');
    for (const secret of [crmSecret, canary.apiKey]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secretKey(secret));
    }
  });
});
