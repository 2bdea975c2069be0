import type { Session } from '@inbox-hub/client';
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { selectItems, type TriggerState } from '../nodes/InboxHubTrigger/changes.js';
import { InboxHubTrigger } from '../nodes/InboxHubTrigger/InboxHubTrigger.node.js';
import { fakeHttp, ok, pollContext } from './fake-context.mjs';

type Status = 'pending' | 'connected' | 'disconnected' | 'error';
/** A session as the client reads it (the trigger works on the client's typed sessions). */
const session = (sessionId: string, status: Status, id = 1): Session => ({
  id,
  sessionId,
  name: sessionId,
  description: null,
  phoneNumber: '34612345678',
  status,
  rawStatus: status,
  qrBase64: null,
  lastActivity: null,
  createdAt: new Date('2025-10-14T09:00:00.000Z'),
  updatedAt: new Date('2025-10-14T09:30:00.000Z'),
});
/** The same session as the API's JSON, for the faked HTTP answers. */
const apiSession = (sessionId: string, status: Status, id = 1) => {
  const s = session(sessionId, status, id);
  return { ...s, qrCode: null, createdAt: s.createdAt?.toISOString(), updatedAt: s.updatedAt?.toISOString() };
};

describe('the trigger polls through the client watcher', () => {
  const trigger = new InboxHubTrigger();
  const poller = (params: IDataObject) => {
    const staticData: IDataObject = {};
    let list: object[] = [];
    const http = fakeHttp(() => ok({ total: list.length, sessions: list }));
    return {
      staticData,
      http,
      set: (next: object[]) => {
        list = next;
      },
      poll: async () =>
        (await trigger.poll.call(pollContext({ params, http, staticData })))?.[0]?.map((i) => i.json),
    };
  };
  const base = { watch: 'all', statuses: [], options: {} };

  it('records a baseline on the first poll, then fires each change once with a stable event id', async () => {
    const p = poller(base);
    p.set([apiSession('a', 'pending')]);
    expect(await p.poll()).toBeUndefined();
    p.set([apiSession('a', 'connected')]);
    const fired = await p.poll();
    expect(fired).toEqual([
      expect.objectContaining({
        event: 'session.status_changed',
        sessionId: 'a',
        oldStatus: 'pending',
        newStatus: 'connected',
        eventId: 'a:1:1',
      }),
    ]);
    expect(await p.poll()).toBeUndefined();
    expect(p.http.requests.map((r) => r.url)).toEqual(Array(3).fill('https://api.example.test/api/sessions'));
  });

  it('filters by session, target status and event type, without firing the filtered change later', async () => {
    const p = poller({ ...base, watch: 'selected', sessionIds: 'a', statuses: ['connected'] });
    p.set([apiSession('a', 'connected'), apiSession('b', 'pending', 2)]);
    await p.poll();
    p.set([apiSession('a', 'disconnected'), apiSession('b', 'connected', 2)]);
    expect(await p.poll()).toBeUndefined();
    p.set([apiSession('a', 'connected'), apiSession('b', 'connected', 2)]);
    expect((await p.poll())?.map((i) => `${i.sessionId}:${i.oldStatus}->${i.newStatus}`)).toEqual([
      'a:disconnected->connected',
    ]);
  });

  it('fires "needs new scan" when an attempt ends with its QR codes expired unscanned', async () => {
    const p = poller(base);
    p.set([apiSession('a', 'pending')]);
    await p.poll();
    p.set([{ ...apiSession('a', 'pending'), qrCode: 'iVBORw0KGgoAAAA' }]);
    expect(await p.poll()).toBeUndefined(); // "New QR Code" is not among the default events
    p.set([apiSession('a', 'error')]);
    expect((await p.poll())?.map((i) => i.event)).toEqual(['session.status_changed', 'session.qr_expired']);
  });

  it('fires only the chosen event types: "New QR Code" alone fires on a QR, not on a status change', async () => {
    const p = poller({ ...base, events: ['session.qr_rotated'] });
    p.set([apiSession('a', 'pending')]);
    await p.poll();
    p.set([{ ...apiSession('a', 'pending'), qrCode: 'iVBORw0KGgoAAAA' }]);
    expect(await p.poll()).toEqual([
      expect.objectContaining({ event: 'session.qr_rotated', sessionId: 'a', qrCount: 1 }),
    ]);
    p.set([apiSession('a', 'connected')]);
    expect(await p.poll()).toBeUndefined();
  });

  it('with "Stale After", fires once for a session quiet that long', async () => {
    // 0.0001 h is 360 ms, so the test can wait it out.
    const p = poller({ ...base, events: ['session.stale'], options: { staleHours: 0.0001 } });
    p.set([apiSession('a', 'connected')]);
    await p.poll();
    await new Promise((r) => setTimeout(r, 450));
    expect((await p.poll())?.map((i) => `${i.event} ${i.sessionId}`)).toEqual(['session.stale a']);
    expect(await p.poll()).toBeUndefined();
  });

  it('coalesces a reconnect loop into one item that says how many changes it covers', async () => {
    // A 0.6 s loop window (the shortest allowed), so the test can wait for the loop to settle.
    const p = poller({ ...base, options: { loopChanges: 3, loopWindowMinutes: 0.01 } });
    p.set([apiSession('a', 'connected')]);
    await p.poll();
    const fired: string[] = [];
    for (const status of [
      'disconnected',
      'connected',
      'disconnected',
      'connected',
      'disconnected',
    ] as const) {
      p.set([apiSession('a', status)]);
      for (const item of (await p.poll()) ?? []) fired.push(String(item.event));
    }
    expect(fired).toEqual(['session.status_changed', 'session.status_changed']);
    await new Promise((r) => setTimeout(r, 700));
    expect(await p.poll()).toEqual([
      expect.objectContaining({
        event: 'session.reconnect_loop',
        phase: 'ended',
        changes: 5,
        coalesced: 3,
        oldStatus: 'connected',
        newStatus: 'disconnected',
      }),
    ]);
  });

  it('with "Resync Every", sends every watched session\'s current state for an upsert to catch up', async () => {
    const p = poller({ ...base, options: { resyncMinutes: 0.00001 } });
    p.set([apiSession('a', 'connected'), apiSession('b', 'pending', 2)]);
    await p.poll();
    await new Promise((r) => setTimeout(r, 5));
    const resync = await p.poll();
    expect(resync?.map((i) => `${i.event} ${i.sessionId} ${i.newStatus}`)).toEqual([
      'session.snapshot a connected',
      'session.snapshot b pending',
    ]);
    expect(new Set(resync?.map((i) => i.eventId)).size).toBe(2);
  });

  it('with a quiet period, a session reaching the same status again does not fire again', () => {
    const state: TriggerState = {};
    const filters = {
      sessionIds: [],
      statuses: [],
      events: ['session.status_changed' as const],
      quietMinutes: 10,
    };
    const event = (to: 'connected' | 'disconnected', n: number) => ({
      type: 'session.status_changed' as const,
      id: `a:1:${n}`,
      sessionId: 'a',
      observedAt: '2025-10-14T10:00:00.000Z',
      from: to === 'connected' ? ('disconnected' as const) : ('connected' as const),
      to,
      session: {
        id: 1,
        sessionId: 'a',
        name: 'a',
        status: to,
        rawStatus: to,
        phoneNumber: null,
        lastActivity: null,
      },
    });
    const t = (minutes: number) => new Date(Date.UTC(2025, 9, 14, 10, minutes));
    const fired = [
      event('disconnected', 1),
      event('connected', 2),
      event('disconnected', 3),
      event('connected', 4),
    ]
      .flatMap((e, i) => selectItems(state, [e], filters, t(i)))
      .map((i) => i.newStatus);
    expect(fired).toEqual(['disconnected', 'connected']);
    expect(selectItems(state, [event('disconnected', 5)], filters, t(30))).toHaveLength(1);
  });
});

describe('InboxHubTrigger.poll', () => {
  const trigger = new InboxHubTrigger();
  const params = { watch: 'all', statuses: ['connected', 'disconnected', 'error'], options: {} };

  it('keeps its state in static data across polls: baseline, one change, then silence', async () => {
    const staticData: IDataObject = {};
    let list = [apiSession('a', 'pending')];
    const http = fakeHttp(() => ok({ total: list.length, sessions: list }));
    const poll = () => trigger.poll.call(pollContext({ params, http, staticData }));
    expect(await poll()).toBeNull();
    expect(await poll()).toBeNull();
    list = [apiSession('a', 'connected')];
    const fired = await poll();
    expect(fired?.[0]).toHaveLength(1);
    expect(fired?.[0]?.[0]?.json).toMatchObject({
      sessionId: 'a',
      oldStatus: 'pending',
      newStatus: 'connected',
    });
    expect(await poll()).toBeNull();
    expect((staticData.cursor as { sessions: Record<string, { status: string }> }).sessions.a?.status).toBe(
      'connected',
    );
  });

  it('fires a change into a status the API never documented, as unknown with the raw value', async () => {
    const staticData: IDataObject = {};
    let list: object[] = [apiSession('a', 'connected')];
    const http = fakeHttp(() => ok({ total: list.length, sessions: list }));
    const poll = () =>
      trigger.poll.call(pollContext({ params: { ...params, statuses: [] }, http, staticData }));
    expect(await poll()).toBeNull();
    list = [{ ...apiSession('a', 'connected'), status: 'reauthenticating' }];
    const fired = await poll();
    expect(fired?.[0]?.[0]?.json).toMatchObject({
      sessionId: 'a',
      oldStatus: 'connected',
      newStatus: 'unknown',
      rawStatus: 'reauthenticating',
    });
  });

  it('returns a sample in manual mode and leaves the baseline alone', async () => {
    const staticData: IDataObject = {};
    const http = fakeHttp(() => ok({ total: 1, sessions: [apiSession('a', 'connected')] }));
    const result = await trigger.poll.call(pollContext({ params, http, staticData, mode: 'manual' }));
    expect(result?.[0]?.[0]?.json).toMatchObject({
      sessionId: 'a',
      newStatus: 'connected',
      oldStatus: null,
      sample: true,
    });
    expect(staticData).toEqual({});
  });

  it('says what to do when manual mode has no session to sample', async () => {
    const http = fakeHttp(() => ok({ total: 0, sessions: [] }));
    const ctx = pollContext({ params, http, staticData: {}, mode: 'manual' });
    await expect(trigger.poll.call(ctx)).rejects.toThrow('No session to build a sample event from.');
  });

  it('refuses "Selected Sessions" with no IDs before any request', async () => {
    const http = fakeHttp(() => ok({ total: 0, sessions: [] }));
    const ctx = pollContext({
      params: { ...params, watch: 'selected', sessionIds: ' , ' },
      http,
      staticData: {},
    });
    await expect(trigger.poll.call(ctx)).rejects.toThrow('Invalid "Session IDs" parameter');
    expect(http.requests).toHaveLength(0);
  });
});
