/**
 * The client's watcher (`hub.watch()`) over real HTTP against this sandbox: one list request per tick
 * whatever the number of sessions, a scan, QR rotations, an attempt that runs out of QRs, and a resume
 * from a saved cursor. The watcher's rules themselves are unit-tested in the client.
 */
import { InboxHub, type WatchEvent } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock, type RunningSandbox, startSandbox } from '../src/index.js';

const kinds = (events: WatchEvent[]) => events.map((e) => `${e.sessionId} ${e.type}`);

describe('hub.watch() against the sandbox', () => {
  let sandbox: RunningSandbox;
  let clock: ManualClock;
  let requests: string[];
  let hub: InboxHub;
  beforeAll(async () => {
    sandbox = await startSandbox({
      clock: 'manual',
      rateLimit: false,
      tenants: [{ apiKey: canary.apiKey }],
      qr: { firstQrMs: 60_000, nextQrMs: 20_000, maxQrs: 2 },
    });
    clock = sandbox.clock as ManualClock;
    requests = [];
    hub = new InboxHub({
      baseUrl: sandbox.url,
      apiKey: canary.apiKey,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        requests.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
  });
  afterAll(() => sandbox?.close());

  it('makes one list request per tick, whatever the number of sessions, and follows a session to connected', async () => {
    for (let i = 0; i < 30; i++) await hub.sessions.create({ sessionId: `w_${i}` });
    const watcher = hub.watch();
    requests.length = 0;
    expect(watcher.sessions).toBeUndefined();
    expect(await watcher.poll()).toEqual([]);
    // The tick's list is there for a consumer that shows sessions (the dashboard): no second request.
    expect(watcher.sessions?.map((s) => s.sessionId)).toContain('w_29');
    await hub.setupSession('w_new', { phoneNumber: '34600000099' });
    const afterSetup = await watcher.poll();
    expect(kinds(afterSetup)).toEqual(['w_new session.created']);
    sandbox.phone.scan({ sessionId: 'w_new', apiKey: canary.apiKey });
    const afterScan = await watcher.poll();
    expect(afterScan).toEqual([
      expect.objectContaining({
        type: 'session.status_changed',
        from: 'pending',
        to: 'connected',
        session: expect.objectContaining({ phoneNumber: '34600000099' }),
      }),
    ]);
    const watcherRequests = requests.filter((r) => r === 'GET /api/sessions');
    expect(watcherRequests.length).toBeGreaterThanOrEqual(3);
    expect(
      requests.filter((r) => !r.startsWith('POST') && !r.includes('/qr') && r !== 'GET /api/sessions'),
    ).toEqual([]);
  });

  it('sees QR rotations and an attempt that runs out of QRs, and resumes from a saved cursor', async () => {
    const watcher = hub.watch();
    await watcher.poll();
    await hub.setupSession('w_rot');
    const saved = JSON.stringify(watcher.cursor);
    expect(kinds(await watcher.poll())).toEqual(['w_rot session.created']);
    const resumed = hub.watch({ cursor: saved });
    // The resumed watcher derives the same event, with the same id, from the saved cursor.
    expect((await resumed.poll()).map((e) => e.id)).toEqual(
      (await hub.watch({ cursor: saved }).poll()).map((e) => e.id),
    );
    clock.advance(61_000);
    const rotated = await resumed.poll();
    expect(rotated).toEqual([
      expect.objectContaining({ sessionId: 'w_rot', type: 'session.qr_rotated', count: 2 }),
    ]);
    clock.advance(21_000);
    expect(kinds(await resumed.poll())).toEqual(['w_rot session.status_changed', 'w_rot session.qr_expired']);
  });

  it('resyncs every session on schedule, and a watcher resumed from the cursor keeps the schedule', async () => {
    let now = 5_000_000;
    const watchClock = { now: () => now, sleep: () => Promise.resolve() };
    const options = { resyncEveryMs: 60_000, clock: watchClock };
    const watcher = hub.watch(options);
    expect(await watcher.poll()).toEqual([]); // the baseline counts as the first resync
    now += 30_000;
    expect(await watcher.poll()).toEqual([]);
    now += 31_000;
    const first = await watcher.poll();
    const listed = (await hub.sessions.list()).sessions.map((s) => s.sessionId);
    expect(first.map((e) => e.type)).toEqual(listed.map(() => 'session.snapshot'));
    expect(first.map((e) => e.sessionId).sort()).toEqual([...listed].sort());

    // A restart 30 s later neither resyncs at once nor waits a whole period again.
    const saved = JSON.stringify(watcher.cursor);
    now += 30_000;
    const resumed = hub.watch({ ...options, cursor: saved });
    expect(await resumed.poll()).toEqual([]);
    now += 31_000;
    const second = await resumed.poll();
    expect(second).toHaveLength(first.length);
    // Snapshot ids are per round, so a receiver tells the second resync from a replay of the first.
    expect(second.map((e) => e.id)).not.toEqual(first.map((e) => e.id));
  });
});
