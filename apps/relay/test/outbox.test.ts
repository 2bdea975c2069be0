/**
 * The storage interface's contract, run on both backends: a tick is all or nothing and refused when
 * stale; claims are exclusive and leased; outcomes, release, replay and purge do what the CLI promises.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type NewEvent, type Outbox, openOutbox } from '../src/index.js';
import { backends } from './support/backends.js';

const event = (id: string, endpoints: string[] = ['crm'], type = 'session.status_changed'): NewEvent => ({
  id,
  type,
  sessionId: id.split(':')[0] as string,
  observedAt: '2026-01-01T00:00:00.000Z',
  body: JSON.stringify({ id, type }),
  endpoints,
});

describe.each(backends)('the outbox on $name', (backend) => {
  const opened: Outbox[] = [];
  const open = async (target?: Awaited<ReturnType<typeof backend.target>>) => {
    const outbox = await openOutbox(target ?? (await backend.target()));
    opened.push(outbox);
    return outbox;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
  });

  it('stores a tick (cursor, events, deliveries) all at once, and refuses a stale one', async () => {
    const outbox = await open();
    expect(await outbox.readState()).toEqual({ cursor: null, version: 0 });
    const events = [event('a:1:1', ['crm', 'erp']), event('b:2:1', []), event('c:3:1')];
    expect(await outbox.commitTick({ expectedVersion: 0, cursor: '{"v":1}', events, now: 1_000 })).toBe(true);
    expect(await outbox.readState()).toEqual({ cursor: '{"v":1}', version: 1 });
    // A poller that read version 0 is too late: nothing of its tick is written.
    expect(
      await outbox.commitTick({
        expectedVersion: 0,
        cursor: '{"v":"stale"}',
        events: [event('d:4:1')],
        now: 2_000,
      }),
    ).toBe(false);
    expect(await outbox.readState()).toEqual({ cursor: '{"v":1}', version: 1 });
    expect((await outbox.eventsAfter(0, 10)).map((e) => e.id)).toEqual(['a:1:1', 'b:2:1', 'c:3:1']);
    expect(await outbox.counts()).toEqual({ pending: 3, delivering: 0, delivered: 0, dead: 0 });
    // The same event id again (derived again from an older cursor) is not stored twice.
    expect(
      await outbox.commitTick({
        expectedVersion: 1,
        cursor: '{"v":2}',
        events: [event('a:1:1')],
        now: 3_000,
      }),
    ).toBe(true);
    expect(await outbox.counts()).toMatchObject({ pending: 3 });
    const stored = await outbox.eventsAfter(1, 10);
    expect(stored.map((e) => e.id)).toEqual(['b:2:1', 'c:3:1']);
    expect(await outbox.lastSeq()).toBe(stored.at(-1)?.seq);
  });

  it('claims each due delivery for one owner only, and takes back those whose lease ran out', async () => {
    const target = await backend.target();
    const a = await open(target);
    const b = await open(target);
    const events = Array.from({ length: 40 }, (_, i) => event(`s${i}:1:1`));
    await a.commitTick({ expectedVersion: 0, cursor: '{}', events, now: 1_000 });
    // Two instances claiming at once get disjoint sets that cover everything.
    const [first, second] = await Promise.all([
      a.claim({ owner: 'a', endpoints: ['crm'], limit: 25, leaseMs: 5_000, now: 2_000 }),
      b.claim({ owner: 'b', endpoints: ['crm'], limit: 25, leaseMs: 5_000, now: 2_000 }),
    ]);
    const ids = [...first, ...second].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    expect(first.every((d) => d.leaseOwner === 'a' && d.attempts === 1 && d.status === 'delivering')).toBe(
      true,
    );
    expect(first[0]?.body).toContain('"type":"session.status_changed"');
    for (const d of second)
      expect(await b.settle(d.id, 'b', { kind: 'delivered', status: 204 }, 3_000)).toBe(true);
    // Nothing more is due while a's leases hold; once they run out (a died), b takes them over.
    expect(await b.claim({ owner: 'b', endpoints: ['crm'], limit: 100, leaseMs: 5_000, now: 6_999 })).toEqual(
      [],
    );
    const taken = await b.claim({ owner: 'b', endpoints: ['crm'], limit: 100, leaseMs: 5_000, now: 7_001 });
    expect(taken.map((d) => d.id).sort()).toEqual(first.map((d) => d.id).sort());
    expect(taken.every((d) => d.attempts === 2)).toBe(true);
    // a's late outcome is refused: the delivery is b's now.
    const late = first[0]!;
    expect(await a.settle(late.id, 'a', { kind: 'delivered', status: 200 }, 7_500)).toBe(false);
    expect(await b.settle(late.id, 'b', { kind: 'delivered', status: 200 }, 7_500)).toBe(true);
    const row = (await b.list({ status: 'delivered', limit: 100 })).find((d) => d.id === late.id);
    expect(row).toMatchObject({ id: late.id, deliveredBy: 'b', lastStatus: 200, leaseOwner: null });
  });

  it('only claims for the endpoints asked, and only what is due', async () => {
    const outbox = await open();
    await outbox.commitTick({
      expectedVersion: 0,
      cursor: '{}',
      events: [event('a:1:1', ['crm']), event('b:1:1', ['erp'])],
      now: 1_000,
    });
    const claimed = await outbox.claim({
      owner: 'x',
      endpoints: ['erp'],
      limit: 10,
      leaseMs: 1_000,
      now: 1_000,
    });
    expect(claimed.map((d) => [d.eventId, d.endpoint])).toEqual([['b:1:1', 'erp']]);
    await outbox.settle(
      claimed[0]!.id,
      'x',
      { kind: 'retry', nextAttemptAt: 5_000, status: 503, error: 'answered 503' },
      1_100,
    );
    expect(await outbox.nextDueAt(['erp'])).toBe(5_000);
    expect(
      await outbox.claim({ owner: 'x', endpoints: ['erp'], limit: 10, leaseMs: 1_000, now: 4_999 }),
    ).toEqual([]);
    const again = await outbox.claim({
      owner: 'x',
      endpoints: ['erp'],
      limit: 10,
      leaseMs: 1_000,
      now: 5_000,
    });
    expect(again).toEqual([
      expect.objectContaining({ attempts: 2, lastStatus: 503, lastError: 'answered 503' }),
    ]);
  });

  it('hands claims back uncounted on shutdown', async () => {
    const outbox = await open();
    await outbox.commitTick({
      expectedVersion: 0,
      cursor: '{}',
      events: [event('a:1:1'), event('b:1:1')],
      now: 1,
    });
    const claimed = await outbox.claim({
      owner: 'me',
      endpoints: ['crm'],
      limit: 10,
      leaseMs: 60_000,
      now: 10,
    });
    expect(claimed).toHaveLength(2);
    expect(await outbox.release('someone-else', 20)).toBe(0);
    expect(await outbox.release('me', 20)).toBe(2);
    const rows = await outbox.list();
    expect(rows.every((d) => d.status === 'pending' && d.attempts === 0 && d.leaseOwner === null)).toBe(true);
    expect(
      await outbox.claim({ owner: 'next', endpoints: ['crm'], limit: 10, leaseMs: 60_000, now: 20 }),
    ).toHaveLength(2);
  });

  it('replays dead deliveries (all, or by id) and purges old finished ones with their events', async () => {
    const outbox = await open();
    const events = [event('a:1:1'), event('b:1:1'), event('c:1:1')];
    await outbox.commitTick({ expectedVersion: 0, cursor: '{}', events, now: 1_000 });
    const [a, b, c] = await outbox.claim({
      owner: 'o',
      endpoints: ['crm'],
      limit: 10,
      leaseMs: 1_000,
      now: 1_000,
    });
    await outbox.settle(a!.id, 'o', { kind: 'dead', status: 500, error: 'answered 500' }, 2_000);
    await outbox.settle(b!.id, 'o', { kind: 'dead', status: null, error: 'no answer within 100 ms' }, 2_000);
    await outbox.settle(c!.id, 'o', { kind: 'delivered', status: 204 }, 2_000);
    expect(await outbox.list({ status: 'dead' })).toHaveLength(2);
    // Only dead or delivered ones are replayed; an unknown id is not.
    expect(await outbox.replay({ ids: [b!.id, 999_999] }, 3_000)).toEqual([b!.id]);
    expect(await outbox.replay({ allDead: true }, 3_000)).toEqual([a!.id]);
    expect(await outbox.replay({ allDead: true }, 3_000)).toEqual([]);
    const pending = await outbox.list({ status: 'pending' });
    expect(pending.map((d) => d.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(pending.every((d) => d.attempts === 0 && d.lastError === null && d.nextAttemptAt === 3_000)).toBe(
      true,
    );
    // Purge: only delivered ones last touched before the cut, then their events.
    expect(await outbox.purge({ statuses: ['delivered'], before: 2_000 })).toEqual({
      deliveries: 0,
      events: 0,
    });
    expect(await outbox.purge({ statuses: ['delivered', 'dead'], before: 2_001 })).toEqual({
      deliveries: 1,
      events: 1,
    });
    expect((await outbox.eventsAfter(0, 10)).map((e) => e.id)).toEqual(['a:1:1', 'b:1:1']);
    expect(await outbox.counts()).toEqual({ pending: 2, delivering: 0, delivered: 0, dead: 0 });
  });
});

describe('the poller election on postgres', () => {
  it('lets one instance lead at a time and hands over when it goes', async () => {
    const target = await backends[1]!.target();
    const a = await openOutbox(target);
    const b = await openOutbox(target);
    try {
      // Two attempts at once in one process share one connection and one lock.
      expect(await Promise.all([a.lead(), a.lead()])).toEqual([true, true]);
      expect(await b.lead()).toBe(false);
      expect(await a.lead()).toBe(true);
      await a.resign();
      expect(await b.lead()).toBe(true);
      expect(await a.lead()).toBe(false);
      // A leader whose process ends (its connection closes) frees the lock too.
      await b.close();
      expect(await a.lead()).toBe(true);
    } finally {
      await a.close();
      await b.close().catch(() => {});
    }
  });
});
