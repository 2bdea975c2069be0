/**
 * Two relay processes on one PostgreSQL: one poller at a time (elected by the advisory lock), both
 * delivering, each event delivered by exactly one of them; when the poller is killed the other takes over
 * and nothing is lost. Figures go to reports/relay-instances.json for docs/reliability.md; the delivery
 * rate of one instance against two is a benchmark (tooling/benchmarks), not an assertion.
 */
import { InboxHub } from '@inbox-hub/client';
import { canary, freePort, writeReport } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outbox, openOutbox } from '../../src/index.js';
import { backends, storageEnv } from '../support/backends.js';
import { testSecret } from '../support/fixtures.js';
import { type RelayProcess, spawnRelay } from '../support/process.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { waitUntil } from '../support/wait.js';

const FIRST = 400;
const AFTER_TAKEOVER = 100;

interface Instance {
  name: string;
  process: RelayProcess;
  url: string;
}

async function poller(instance: Instance): Promise<boolean | undefined> {
  try {
    const health = (await (await fetch(`${instance.url}/health`)).json()) as { poller: boolean };
    return health.poller;
  } catch {
    return undefined; // not listening (yet, or any more)
  }
}

describe('two relays on one PostgreSQL', () => {
  let sandbox: RunningSandbox;
  let hub: InboxHub;
  let crm: Receiver;
  let outbox: Outbox;
  const instances: Instance[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
  });
  afterAll(async () => {
    for (const { process: p } of instances)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await outbox?.close();
    await crm?.close();
    await sandbox?.close();
  });

  it('deliver each event once between them, with one poller at a time, and survive the poller dying', async () => {
    const secret = testSecret('pair');
    // A CRM that takes a few ms per request, so both instances have work to share.
    crm = await startReceiver({
      secret,
      respond: () => ({ status: 204, after: new Promise((resolve) => setTimeout(resolve, 5)) }),
    });
    const target = await backends[1]!.target();
    outbox = await openOutbox(target);
    const env = {
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: canary.apiKey,
      INBOX_HUB_RELAY_ENDPOINTS: `crm=${crm.url}`,
      INBOX_HUB_RELAY_SECRET_CRM: secret,
      INBOX_HUB_RELAY_INTERVAL_MS: '200',
      INBOX_HUB_RELAY_CONCURRENCY: '4',
      INBOX_HUB_RELAY_TIMEOUT_MS: '5000',
      INBOX_HUB_RELAY_LEASE_MS: '6000',
      INBOX_HUB_RELAY_RETRY_BASE_MS: '20',
      INBOX_HUB_RELAY_RETRY_MAX_MS: '200',
      INBOX_HUB_RELAY_CLAIM_INTERVAL_MS: '20',
      ...storageEnv(target),
    };
    for (const name of ['relay-a', 'relay-b']) {
      const port = await freePort();
      const process = spawnRelay({
        ...env,
        INBOX_HUB_RELAY_INSTANCE: name,
        INBOX_HUB_RELAY_PORT: String(port),
      });
      instances.push({ name, process, url: `http://127.0.0.1:${port}` });
    }
    for (const { process: p } of instances) await p.waitForLine(/ready: watching/);
    await waitUntil(async () => (await outbox.readState()).version > 0, 'the baseline tick');

    // One poller at a time, sampled all along the first batch.
    const samples: Array<[boolean | undefined, boolean | undefined]> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push([await poller(instances[0]!), await poller(instances[1]!)]);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: FIRST }, (_, i) => hub.sessions.create({ sessionId: `pair_${i}` })),
    );
    await waitUntil(async () => (await outbox.counts()).delivered === FIRST, 'the first batch', {
      timeoutMs: 60_000,
    });
    const firstDone = Date.now();
    sampling = false;
    await sampler;
    expect(samples.length).toBeGreaterThan(5);
    expect(samples.filter(([a, b]) => a === true && b === true)).toEqual([]);
    expect(samples.filter(([a, b]) => a === true || b === true).length).toBe(samples.length);

    // Exactly once each (no crash yet), and both instances delivered part of it.
    const accepted = crm.accepted();
    expect(accepted.size).toBe(FIRST);
    expect([...accepted.values()].every((r) => r.length === 1)).toBe(true);
    const byInstance = async () =>
      (await outbox.list({ status: 'delivered', limit: 10_000 })).reduce<Record<string, number>>((acc, d) => {
        acc[d.deliveredBy ?? '?'] = (acc[d.deliveredBy ?? '?'] ?? 0) + 1;
        return acc;
      }, {});
    const firstSplit = await byInstance();
    expect(Object.keys(firstSplit).sort()).toEqual(['relay-a', 'relay-b']);

    // kill -9 the poller: the other takes over within a tick or so, and delivers what comes next.
    const leaderIndex = (await poller(instances[0]!)) ? 0 : 1;
    const leader = instances[leaderIndex]!;
    const survivor = instances[1 - leaderIndex]!;
    leader.process.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await leader.process.exited).toBe('SIGKILL');
    await waitUntil(() => poller(survivor), 'the survivor to become the poller', { timeoutMs: 30_000 });
    const takeoverMs = Date.now() - killedAt;
    await Promise.all(
      Array.from({ length: AFTER_TAKEOVER }, (_, i) => hub.sessions.create({ sessionId: `pair_late_${i}` })),
    );
    await waitUntil(
      async () => (await outbox.counts()).delivered === FIRST + AFTER_TAKEOVER,
      'the second batch',
      {
        timeoutMs: 60_000,
      },
    );
    const all = crm.accepted();
    expect(all.size).toBe(FIRST + AFTER_TAKEOVER);
    // The poller died idle, with nothing in flight: still no duplicate.
    const duplicates = [...all.values()].reduce((n, r) => n + r.length - 1, 0);
    expect(duplicates).toBe(0);
    const finalSplit = await byInstance();
    expect(finalSplit[survivor.name]).toBe((firstSplit[survivor.name] ?? 0) + AFTER_TAKEOVER);
    expect(survivor.process.log()).toMatch(/this instance is the poller/);
    survivor.process.child.kill('SIGTERM');
    expect(await survivor.process.exited).toBe(0);

    const figures = {
      instances: 2,
      events: FIRST + AFTER_TAKEOVER,
      firstBatch: { events: FIRST, deliveredBy: firstSplit, durationMs: firstDone - started },
      pollerSamples: samples.length,
      samplesWithTwoPollers: 0,
      pollerKilled: leader.name,
      takeoverMs,
      afterTakeover: { events: AFTER_TAKEOVER, deliveredBy: survivor.name },
      deliveredBy: finalSplit,
      duplicates,
      lost: FIRST + AFTER_TAKEOVER - all.size,
    };
    console.log(`two instances: ${JSON.stringify(figures)}`);
    writeReport('relay-instances', figures);
  });
});
