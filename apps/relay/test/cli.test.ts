/**
 * The real bin on both backends: `outbox list | replay | purge` against an outbox the test fills, and a
 * running relay that SIGTERM stops gracefully (the delivery in flight finishes, the process exits 0).
 */
import { InboxHub } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewEvent, openOutbox } from '../src/index.js';
import { backends, storageEnv } from './support/backends.js';
import { secretKey, testSecret } from './support/fixtures.js';
import { runBin, spawnRelay } from './support/process.js';
import { startReceiver } from './support/receiver.js';
import { waitUntil } from './support/wait.js';

const DAY = 86_400_000;
const event = (id: string): NewEvent => ({
  id,
  type: 'session.status_changed',
  sessionId: id.split(':')[0] as string,
  observedAt: '2026-01-01T00:00:00.000Z',
  body: JSON.stringify({ id }),
  endpoints: ['crm'],
});

describe.each(backends)('inbox-hub-relay outbox on $name', (backend) => {
  it('lists by status, replays by id or all dead, purges old finished deliveries', async () => {
    const target = await backend.target();
    const env = storageEnv(target);
    const outbox = await openOutbox(target);
    const old = Date.now() - 10 * DAY;
    const ids = { a: 0, b: 0 };
    try {
      await outbox.commitTick({
        expectedVersion: 0,
        cursor: '{}',
        events: ['a:1:1', 'b:1:1', 'c:1:1', 'd:1:1'].map(event),
        now: old,
      });
      const [a, b, c] = await outbox.claim({
        owner: 'o',
        endpoints: ['crm'],
        limit: 3,
        leaseMs: 1_000,
        now: old,
      });
      await outbox.settle(a!.id, 'o', { kind: 'dead', status: 500, error: 'answered 500: CRM down' }, old);
      await outbox.settle(
        b!.id,
        'o',
        { kind: 'dead', status: null, error: 'could not reach it (ECONNREFUSED)' },
        old,
      );
      await outbox.settle(c!.id, 'o', { kind: 'delivered', status: 204 }, old);
      ids.a = a!.id;
      ids.b = b!.id;
    } finally {
      await outbox.close();
    }

    const dead = await runBin(['outbox', 'list', '--status', 'dead'], env);
    expect(dead.code).toBe(0);
    const lines = dead.stdout.trim().split('\n');
    expect(lines[0]).toBe('1 pending, 0 delivering, 1 delivered, 2 dead.');
    expect(lines[1]).toMatch(/^ID\s+STATUS\s+ENDPOINT\s+ATTEMPTS\s+EVENT\s+SESSION\s+WHEN\s+LAST$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 6))).toEqual([
      [String(ids.b), 'dead', 'crm', '1', 'session.status_changed', 'b'],
      [String(ids.a), 'dead', 'crm', '1', 'session.status_changed', 'a'],
    ]);
    expect(dead.stdout).toContain('answered 500: CRM down');

    const json = await runBin(['outbox', 'list', '--json', '--limit', '10'], env);
    const rows = JSON.parse(json.stdout) as Array<{ id: number; status: string; eventId: string }>;
    expect(rows.map((r) => [r.eventId, r.status])).toEqual([
      ['d:1:1', 'pending'],
      ['c:1:1', 'delivered'],
      ['b:1:1', 'dead'],
      ['a:1:1', 'dead'],
    ]);
    const deadIds = rows.filter((r) => r.status === 'dead').map((r) => r.id);
    const pendingId = rows.find((r) => r.status === 'pending')!.id;

    const one = await runBin(['outbox', 'replay', String(deadIds[0])], env);
    expect(one).toMatchObject({ code: 0, stdout: `Queued 1 delivery again: ${deadIds[0]}.\n` });
    const notDead = await runBin(['outbox', 'replay', String(pendingId)], env);
    expect(notDead.code).toBe(1);
    expect(notDead.stderr).toContain(`Not replayed (unknown, or still pending or delivering): ${pendingId}.`);
    const all = await runBin(['outbox', 'replay', '--all-dead'], env);
    expect(all.stdout).toBe(`Queued 1 delivery again: ${deadIds[1]}.\n`);
    expect((await runBin(['outbox', 'replay'], env)).stderr).toMatch(
      /takes delivery ids \(from outbox list\) or --all-dead/,
    );

    const keep = await runBin(['outbox', 'purge', '--delivered', '--older-than', '30d'], env);
    expect(keep.stdout).toMatch(/^Deleted 0 delivered deliveries and 0 events last touched before /);
    const purged = await runBin(['outbox', 'purge', '--delivered', '--dead', '--older-than', '7d'], env);
    expect(purged.stdout).toMatch(/^Deleted 1 delivered and dead delivery and 1 event last touched before /);
    const unsafe = await runBin(['outbox', 'purge', '--older-than', '7d'], env);
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toMatch(/needs --delivered, --dead or both/);
    expect((await runBin(['outbox', 'purge', '--dead', '--older-than', 'a week'], env)).stderr).toMatch(
      /--older-than is required: a duration such as 7d/,
    );
    expect((await runBin(['outbox', 'list', '--status', 'lost'], env)).stderr).toMatch(
      /--status must be one of pending, delivering, delivered, dead/,
    );
    const after = JSON.parse((await runBin(['outbox', 'list', '--json'], env)).stdout) as Array<{
      status: string;
    }>;
    expect(after.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
  });
});

describe.each(backends)('a running relay on $name', (backend) => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
  });
  afterAll(() => sandbox?.close());

  it('finishes the delivery in flight on SIGTERM, exits 0, and logs no secret', async () => {
    const secret = testSecret('sigterm');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const crm = await startReceiver({ secret, respond: () => ({ status: 204, after: gate }) });
    const target = await backend.target();
    const relay = spawnRelay({
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: canary.apiKey,
      INBOX_HUB_RELAY_ENDPOINTS: `crm=${crm.url}?token=CANARY_query_token`,
      INBOX_HUB_RELAY_SECRET_CRM: secret,
      INBOX_HUB_RELAY_INTERVAL_MS: '100',
      INBOX_HUB_RELAY_PORT: '0',
      INBOX_HUB_RELAY_INSTANCE: 'sigterm-test',
      ...storageEnv(target),
    });
    try {
      await relay.waitForLine(/ready: watching/);
      await relay.waitForLine(/this instance is the poller/);
      const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
      // Wait for the baseline tick to be stored before creating the session, so it is a change.
      const outbox = await openOutbox(target);
      try {
        await waitUntil(async () => (await outbox.readState()).version > 0, 'the baseline tick');
        await hub.sessions.create({ sessionId: `sigterm_${backend.name}` });
        await waitUntil(() => crm.requests.length === 1, 'the delivery to start');
        relay.child.kill('SIGTERM');
        await relay.waitForLine(/SIGTERM: finishing the deliveries in flight/);
        release();
        expect(await relay.exited).toBe(0);
        expect(await outbox.list()).toEqual([
          expect.objectContaining({ status: 'delivered', deliveredBy: 'sigterm-test' }),
        ]);
      } finally {
        await outbox.close();
      }
      const log = relay.log();
      expect(log).toContain('crm → http://127.0.0.1:');
      expect(log).toContain('/webhooks/inbox-hub?…');
      for (const hidden of [secret, secretKey(secret), canary.apiKey, 'CANARY_query_token']) {
        expect(log).not.toContain(hidden);
      }
    } finally {
      release();
      if (relay.child.exitCode === null) relay.child.kill('SIGKILL');
      await crm.close();
    }
  });
});
