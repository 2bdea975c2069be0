import type { Session } from '@inbox-hub/client';
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { detectChanges, type TriggerState } from '../nodes/InboxHubTrigger/changes.js';
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

const allStatuses = { sessionIds: [], statuses: [], quietMinutes: 0 };

describe('detectChanges', () => {
  it('records a baseline on the first poll and fires nothing', () => {
    const state: TriggerState = {};
    const result = detectChanges(state, [session('a', 'connected')], allStatuses, new Date());
    expect(result).toEqual({ baseline: true, changes: [] });
    expect(state.statuses).toEqual({ a: 'connected' });
  });

  it('fires each change once, then stays quiet', () => {
    const state: TriggerState = { statuses: { a: 'pending' } };
    const now = new Date('2025-10-14T10:00:00.000Z');
    const first = detectChanges(state, [session('a', 'connected')], allStatuses, now);
    expect(first.changes).toHaveLength(1);
    expect(first.changes[0]).toMatchObject({
      sessionId: 'a',
      oldStatus: 'pending',
      newStatus: 'connected',
      changedAt: '2025-10-14T09:30:00.000Z',
    });
    expect(detectChanges(state, [session('a', 'connected')], allStatuses, now).changes).toEqual([]);
  });

  it('treats a new session as a change from null and forgets removed ones', () => {
    const state: TriggerState = { statuses: { gone: 'connected' } };
    const result = detectChanges(state, [session('new', 'pending')], allStatuses, new Date());
    expect(result.changes[0]).toMatchObject({ sessionId: 'new', oldStatus: null, newStatus: 'pending' });
    expect(state.statuses).toEqual({ new: 'pending' });
  });

  it('filters by session and target status, without firing the filtered change later', () => {
    const filters = { sessionIds: ['a'], statuses: ['connected' as const], quietMinutes: 0 };
    const state: TriggerState = { statuses: { a: 'connected', b: 'pending' } };
    const now = new Date();
    expect(
      detectChanges(state, [session('a', 'disconnected'), session('b', 'connected', 2)], filters, now)
        .changes,
    ).toEqual([]);
    const back = detectChanges(
      state,
      [session('a', 'connected'), session('b', 'connected', 2)],
      filters,
      now,
    );
    expect(back.changes.map((c) => `${c.sessionId}:${c.oldStatus}->${c.newStatus}`)).toEqual([
      'a:disconnected->connected',
    ]);
  });

  it('with a quiet period, a reconnect loop fires once per status', () => {
    const filters = { sessionIds: [], statuses: [], quietMinutes: 10 };
    const state: TriggerState = { statuses: { a: 'connected' } };
    const t = (minutes: number) => new Date(Date.UTC(2025, 9, 14, 10, minutes));
    const fired: string[] = [];
    const loop: Status[] = ['disconnected', 'connected', 'disconnected', 'connected'];
    loop.forEach((status, i) => {
      for (const c of detectChanges(state, [session('a', status)], filters, t(i)).changes)
        fired.push(c.newStatus);
    });
    expect(fired).toEqual(['disconnected', 'connected']);
    expect(detectChanges(state, [session('a', 'disconnected')], filters, t(30)).changes).toHaveLength(1);
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
    expect(staticData.statuses).toEqual({ a: 'connected' });
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
