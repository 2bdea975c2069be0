/**
 * The watcher's rules on lists the test controls (the pure diff). The watcher over real HTTP against the
 * stateful sandbox is tested in packages/sandbox/test/watcher.test.ts (the sandbox's tests use the client).
 */
import { describe, expect, it } from 'vitest';
import type { Session, SessionStatus, WatchEvent } from '../src/index.js';
import { diffSessions, emptyCursor, type WatchRules } from '../src/watch/diff.js';

const rules: WatchRules = { reconnectLoop: { changes: 3, windowMs: 60_000 }, staleAfterMs: undefined };

function session(sessionId: string, status: SessionStatus, extra: Partial<Session> = {}): Session {
  return {
    id: 1,
    sessionId,
    name: sessionId,
    description: null,
    phoneNumber: null,
    status,
    rawStatus: status,
    qrBase64: null,
    lastActivity: null,
    createdAt: new Date(0),
    updatedAt: null,
    ...extra,
  };
}

/** Runs ticks over the given lists, one second apart; returns every event. */
function run(lists: Session[][], r: WatchRules = rules, start = 1_000_000): WatchEvent[] {
  let cursor = emptyCursor();
  const events: WatchEvent[] = [];
  lists.forEach((list, i) => {
    const out = diffSessions(cursor, list, start + i * 1000, r);
    cursor = out.cursor;
    events.push(...out.events);
  });
  return events;
}

const kinds = (events: WatchEvent[]) => events.map((e) => `${e.sessionId} ${e.type}`);

describe('watch rules', () => {
  it('the first tick is a baseline; later ticks report created, changed and removed sessions', () => {
    const events = run([
      [session('a', 'pending')],
      [session('a', 'connected'), session('b', 'pending', { id: 2 })],
      [session('b', 'pending', { id: 2 })],
    ]);
    expect(kinds(events)).toEqual(['a session.status_changed', 'b session.created', 'a session.removed']);
    expect(events[0]).toMatchObject({ from: 'pending', to: 'connected', session: { status: 'connected' } });
  });

  it('counts QR rotations and says when an attempt ends unscanned; never carries the QR', () => {
    const qr = (n: number) => ({ qrBase64: `QRCODE${n}AAAA` });
    const events = run([
      [session('a', 'disconnected')],
      // The first QR comes with the change to pending: announced at the next tick, still pending.
      [session('a', 'pending', qr(1))],
      [session('a', 'pending', qr(1))],
      [session('a', 'pending', qr(2))],
      [session('a', 'pending', qr(3))],
      [session('a', 'error')],
    ]);
    expect(kinds(events)).toEqual([
      'a session.status_changed',
      'a session.qr_rotated',
      'a session.qr_rotated',
      'a session.qr_rotated',
      'a session.status_changed',
      'a session.qr_expired',
    ]);
    expect(
      events.filter((e) => e.type === 'session.qr_rotated').map((e) => (e as { count: number }).count),
    ).toEqual([1, 2, 3]);
    expect(events.at(-1)).toMatchObject({ type: 'session.qr_expired', qrCount: 3 });
    expect(JSON.stringify(events)).not.toContain('QRCODE');
  });

  it('coalesces 50 flaps within a minute into three events: two changes, then one loop event with the rest', () => {
    const flaps = Array.from({ length: 50 }, (_, i) => [session('a', i % 2 ? 'connected' : 'disconnected')]);
    const quiet = Array.from({ length: 61 }, () => [session('a', 'connected')]);
    const events = run([[session('a', 'connected')], ...flaps, ...quiet]);
    expect(kinds(events)).toEqual([
      'a session.status_changed',
      'a session.status_changed',
      'a session.reconnect_loop',
    ]);
    expect(events[2]).toMatchObject({
      phase: 'ended',
      from: 'connected',
      to: 'connected',
      changes: 50,
      coalesced: 48,
    });
  });

  it('coalesces a connected session that keeps dropping to pending with a new QR each time into three events', () => {
    const flaps = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? [session('a', 'connected')] : [session('a', 'pending', { qrBase64: `QRCODE${i}AAAA` })],
    );
    const quiet = Array.from({ length: 61 }, () => [session('a', 'connected')]);
    const events = run([[session('a', 'connected')], ...flaps, ...quiet]);
    expect(kinds(events)).toEqual([
      'a session.status_changed',
      'a session.status_changed',
      'a session.reconnect_loop',
    ]);
    expect(events[2]).toMatchObject({ phase: 'ended', changes: 50, coalesced: 48 });
  });

  it('drops the QR that came with a change to pending when the session is connected by the next tick', () => {
    const events = run([
      [session('a', 'connected')],
      [session('a', 'pending', { qrBase64: 'QRCODE1AAAA' })],
      [session('a', 'connected')],
    ]);
    expect(kinds(events)).toEqual(['a session.status_changed', 'a session.status_changed']);
  });

  it('reports a loop that keeps flapping once per window, and a quick reconnect (two changes) as plain changes', () => {
    const long = Array.from({ length: 150 }, (_, i) => [session('a', i % 2 ? 'connected' : 'disconnected')]);
    const events = run([[session('a', 'connected')], ...long]);
    const loops = events.filter((e) => e.type === 'session.reconnect_loop');
    expect(loops.map((e) => (e as { phase: string }).phase)).toEqual(['ongoing', 'ongoing']);
    // `changes` counts the whole loop so far; each event coalesces only what came since the one before it,
    // so nothing is counted twice: 2 plain changes, then 61 (to 63 in the first window), then 60 more.
    const counts = loops.map((e) => {
      const { changes, coalesced } = e as { changes: number; coalesced: number };
      return [changes, coalesced];
    });
    expect(counts).toEqual([
      [63, 61],
      [123, 60],
    ]);
    const reconnect = run([
      [session('b', 'connected')],
      [session('b', 'disconnected')],
      [session('b', 'pending')],
    ]);
    expect(kinds(reconnect)).toEqual(['b session.status_changed', 'b session.status_changed']);
  });

  it('gives the same events the same ids when derived again from the same cursor (a restart)', () => {
    let cursor = emptyCursor();
    cursor = diffSessions(cursor, [session('a', 'pending')], 1, rules).cursor;
    const saved = JSON.parse(JSON.stringify(cursor));
    const first = diffSessions(cursor, [session('a', 'connected')], 2, rules);
    const again = diffSessions(saved, [session('a', 'connected')], 2, rules);
    expect(again.events).toEqual(first.events);
    // Ids are unique per change, and a session created again under the same sessionId starts afresh.
    const later = diffSessions(first.cursor, [session('a', 'pending', { id: 9 })], 3, rules).events;
    expect(new Set([...first.events, ...later].map((e) => e.id)).size).toBe(
      first.events.length + later.length,
    );
    expect(kinds(later)).toEqual(['a session.removed', 'a session.created']);
  });

  it('says once when a session has been quiet too long, and again after new activity and a new quiet spell', () => {
    const stale = { ...rules, staleAfterMs: 3_000 };
    const a = session('a', 'connected');
    const events = run(
      [[a], [a], [a], [a], [a], [a], [session('a', 'disconnected')], [a], [a], [a], [a], [a]],
      stale,
    );
    expect(kinds(events).filter((k) => k.endsWith('stale'))).toHaveLength(2);
  });
});
