/**
 * Flapping, end to end on both backends: one session changes status 50 times within a minute (the phone
 * scans, logs out, the session reconnects), the watcher ticks between changes, and the CRM gets at most
 * three deliveries: the first two changes and one reconnect-loop event that says how many were coalesced.
 */
import { InboxHub } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { type ManualClock, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, openOutbox } from '../src/index.js';
import { backends } from './support/backends.js';
import { testSecret } from './support/fixtures.js';
import { type Receiver, startReceiver } from './support/receiver.js';

const secret = testSecret('flap');

describe.each(backends)('a flapping session on $name', (backend) => {
  let sandbox: RunningSandbox;
  let clock: ManualClock;
  let crm: Receiver;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: 'manual', rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    clock = sandbox.clock as ManualClock;
    crm = await startReceiver({ secret });
  });
  afterAll(async () => {
    await crm?.close();
    await sandbox?.close();
  });

  it('reaches the CRM as at most 3 deliveries for 50 status changes within a minute', async () => {
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
    const outbox = await openOutbox(await backend.target());
    const relay = createRelay({
      hub,
      outbox,
      endpoints: [{ name: 'crm', url: crm.url, secret, events: 'all' }],
      // The watcher reads the sandbox's manual clock, so "within a minute" and "quiet for a minute" are exact.
      watch: { clock: { now: () => clock.now(), sleep: async () => {} } },
      now: () => clock.now(),
    });
    try {
      const id = `flap_${backend.name}`;
      await hub.sessions.create({ sessionId: id, phoneNumber: '34600000050' });
      await hub.sessions.connect(id);
      await relay.tick(); // the baseline: pending, a QR on screen
      const started = clock.now();
      const statuses: string[] = [];
      for (let change = 0; change < 50; change++) {
        if (change % 3 === 0) sandbox.phone.scan({ sessionId: id, apiKey: canary.apiKey });
        else if (change % 3 === 1) sandbox.phone.logout({ sessionId: id, apiKey: canary.apiKey });
        else await hub.sessions.connect(id);
        statuses.push((await hub.sessions.getStatus(id)).status);
        clock.advance(1_000);
        await relay.tick();
      }
      expect(clock.now() - started).toBeLessThan(60_000);
      // Every change really happened: connected → disconnected → pending, again and again.
      expect(new Set(statuses)).toEqual(new Set(['connected', 'disconnected', 'pending']));
      expect(statuses.every((s, i) => i === 0 || s !== statuses[i - 1])).toBe(true);
      // Quiet for the loop window: the loop ends and is reported once.
      clock.advance(61_000);
      await relay.tick();
      while ((await relay.deliverDue()) > 0) {}

      const delivered = crm.requests.filter((r) => JSON.parse(r.body).sessionId === id);
      expect(delivered.length).toBeLessThanOrEqual(3);
      const bodies = delivered.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(bodies.map((b) => b.type)).toEqual([
        'session.status_changed',
        'session.status_changed',
        'session.reconnect_loop',
      ]);
      expect(bodies[2]).toMatchObject({
        phase: 'ended',
        changes: 50,
        coalesced: 48,
        from: 'pending',
        to: 'disconnected',
      });
      expect(delivered.every((r) => r.verified && r.status === 204)).toBe(true);
    } finally {
      await relay.stop();
      await outbox.close();
    }
  });
});
