/**
 * kill -9 in the middle of 1,000 deliveries, on both backends: the real bin delivers 1,000 events to a
 * receiver that fails 10% of requests, is killed with SIGKILL while requests are in flight, and is started
 * again. Every event must arrive, duplicates (only from the crash) must carry the same webhook id and body,
 * nothing may be dead or lost. The figures go to reports/relay-crash-<backend>.json for docs/reliability.md.
 */
import { InboxHub } from '@inbox-hub/client';
import { canary, seeded, writeReport } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outbox, openOutbox } from '../../src/index.js';
import { backends, storageEnv } from '../support/backends.js';
import { testSecret } from '../support/fixtures.js';
import { type RelayProcess, spawnRelay } from '../support/process.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { waitUntil } from '../support/wait.js';

const EVENTS = 1_000;
const FAILURE_RATE = 0.1;
const KILL_AFTER = 300;
const SEED = 20_260_101;

describe.each(backends)('kill -9 during 1,000 deliveries on $name', (backend) => {
  let sandbox: RunningSandbox;
  const processes: RelayProcess[] = [];
  let crm: Receiver | undefined;
  let outbox: Outbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => hub.sessions.create({ sessionId: `crash_${i}` })),
    );
  });
  afterAll(async () => {
    for (const p of processes)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await outbox?.close();
    await crm?.close();
    await sandbox?.close();
  });

  it('delivers every event at least once, duplicates with the same id, none lost', async () => {
    const secret = testSecret('crash');
    const random = seeded(SEED);
    const target = await backend.target();
    let first: RelayProcess | undefined;
    let accepted = 0;
    let killedAt: number | undefined;
    crm = await startReceiver({
      secret,
      respond: () => {
        if (random() < FAILURE_RATE) return { status: 500, body: 'CRM failed' };
        accepted++;
        // Killed while this request (and others) are in flight: the relay never hears these answers.
        if (accepted === KILL_AFTER && first) {
          first.child.kill('SIGKILL');
          killedAt = Date.now();
        }
        return { status: 204 };
      },
    });
    const env = {
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: canary.apiKey,
      INBOX_HUB_RELAY_ENDPOINTS: `crm=${crm.url}`,
      INBOX_HUB_RELAY_SECRET_CRM: secret,
      INBOX_HUB_RELAY_ANNOUNCE_EXISTING: '1',
      INBOX_HUB_RELAY_INTERVAL_MS: '200',
      INBOX_HUB_RELAY_CONCURRENCY: '8',
      INBOX_HUB_RELAY_TIMEOUT_MS: '5000',
      INBOX_HUB_RELAY_LEASE_MS: '6000',
      INBOX_HUB_RELAY_RETRY_BASE_MS: '20',
      INBOX_HUB_RELAY_RETRY_MAX_MS: '200',
      INBOX_HUB_RELAY_MAX_ATTEMPTS: '25',
      INBOX_HUB_RELAY_CLAIM_INTERVAL_MS: '20',
      INBOX_HUB_RELAY_NO_HTTP: '1',
      ...storageEnv(target),
    };
    const started = Date.now();
    first = spawnRelay({ ...env, INBOX_HUB_RELAY_INSTANCE: 'crash-first' });
    processes.push(first);
    expect(await first.exited).toBe('SIGKILL');
    outbox = await openOutbox(target);
    const atKill = await outbox.counts();
    const eventsAtKill = await outbox.lastSeq();
    // The kill came in the middle: everything was stored, part of it delivered, some of it in flight.
    expect(eventsAtKill).toBe(EVENTS);
    expect(atKill.delivered).toBeGreaterThan(0);
    expect(atKill.delivered).toBeLessThan(EVENTS);

    const second = spawnRelay({ ...env, INBOX_HUB_RELAY_INSTANCE: 'crash-second' });
    processes.push(second);
    await waitUntil(
      async () => (await outbox!.counts()).delivered === EVENTS,
      'every delivery to be recorded',
      {
        timeoutMs: 120_000,
        intervalMs: 100,
      },
    );
    const finished = Date.now();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const ok = crm.accepted();
    const bodies = new Map((await outbox.eventsAfter(0, EVENTS + 1)).map((e) => [e.id, e.body]));
    expect(bodies.size).toBe(EVENTS);
    // Every event arrived, signed, with its own id and body; a duplicate is byte for byte the same event.
    expect(new Set(ok.keys())).toEqual(new Set(bodies.keys()));
    for (const [id, received] of ok) {
      for (const r of received) expect(r.body).toBe(bodies.get(id));
    }
    expect(crm.requests.every((r) => r.verified)).toBe(true);
    const duplicates = [...ok.values()].reduce((n, received) => n + received.length - 1, 0);
    const failures = crm.requests.filter((r) => r.status === 500).length;
    // At least the request the kill interrupted was accepted by the CRM but never recorded: sent again.
    expect(duplicates).toBeGreaterThanOrEqual(1);
    expect(await outbox.counts()).toEqual({ pending: 0, delivering: 0, delivered: EVENTS, dead: 0 });
    const byInstance = (await outbox.list({ limit: EVENTS })).reduce<Record<string, number>>((acc, d) => {
      acc[d.deliveredBy ?? '?'] = (acc[d.deliveredBy ?? '?'] ?? 0) + 1;
      return acc;
    }, {});

    const figures = {
      backend: backend.name,
      seed: SEED,
      events: EVENTS,
      failureRate: FAILURE_RATE,
      killedAfterAccepted: KILL_AFTER,
      deliveredAtKill: atKill.delivered,
      inFlightAtKill: atKill.delivering,
      requests: crm.requests.length,
      failedRequests: failures,
      retries: crm.requests.length - ok.size,
      duplicates,
      lost: EVENTS - ok.size,
      dead: 0,
      unverified: crm.requests.filter((r) => !r.verified).length,
      deliveredBy: byInstance,
      durationMs: finished - started,
      restartToDoneMs: finished - (killedAt ?? finished),
    };
    console.log(`kill -9 on ${backend.name}: ${JSON.stringify(figures)}`);
    writeReport(`relay-crash-${backend.name}`, figures);
  });
});
