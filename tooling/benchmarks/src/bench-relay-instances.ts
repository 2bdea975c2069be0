import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InboxHub } from '@inbox-hub/client';
import { type RunningPostgres, startPostgres } from '@inbox-hub/contract-testing';
import { openPostgresOutbox } from '@inbox-hub/relay';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import type { BenchResult } from './result.js';
import { median } from './stats.js';
import { startWebhookSink } from './webhook-sink.js';

const EVENTS = 2_000;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const ROUNDS = 3;
const bin = join(
  dirname(createRequire(import.meta.url).resolve('@inbox-hub/relay/package.json')),
  'bin',
  'inbox-hub-relay.js',
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `instances` relay processes on a fresh database until all EVENTS arrived; returns events per second. */
async function deliveryRate(
  instances: number,
  postgres: RunningPostgres,
  sandbox: RunningSandbox,
): Promise<{ rate: number; split: number[] }> {
  const databaseUrl = await postgres.createDatabase();
  const sink = await startWebhookSink(LATENCY_MS);
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      children.push(
        spawn(process.execPath, [bin], {
          stdio: 'ignore',
          env: {
            PATH: process.env.PATH,
            INBOX_HUB_BASE_URL: sandbox.url,
            INBOX_HUB_API_KEY: sandbox.apiKey,
            INBOX_HUB_RELAY_ENDPOINTS: `crm=${sink.url}`,
            INBOX_HUB_RELAY_SECRET_CRM: `whsec_${randomBytes(32).toString('base64')}`,
            INBOX_HUB_RELAY_DATABASE_URL: databaseUrl,
            INBOX_HUB_RELAY_ANNOUNCE_EXISTING: '1',
            INBOX_HUB_RELAY_INTERVAL_MS: '1000',
            INBOX_HUB_RELAY_CONCURRENCY: String(CONCURRENCY),
            INBOX_HUB_RELAY_CLAIM_INTERVAL_MS: '20',
            INBOX_HUB_RELAY_NO_HTTP: '1',
            INBOX_HUB_RELAY_INSTANCE: `bench-${i}`,
          },
        }),
      );
    }
    const deadline = performance.now() + 180_000;
    while (sink.arrivals.size < EVENTS) {
      if (performance.now() > deadline)
        throw new Error(`only ${sink.arrivals.size} of ${EVENTS} events arrived`);
      if (children.some((c) => c.exitCode !== null)) throw new Error('a relay process exited during the run');
      await sleep(10);
    }
    const times = [...sink.arrivals.values()].map((a) => a.at);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    const outbox = await openPostgresOutbox(databaseUrl);
    try {
      const rows = await outbox.list({ status: 'delivered', limit: EVENTS * 2 });
      const split = Array.from(
        { length: instances },
        (_, i) => rows.filter((d) => d.deliveredBy === `bench-${i}`).length,
      );
      return { rate: EVENTS / seconds, split };
    } finally {
      await outbox.close();
    }
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await sink.close();
  }
}

/**
 * #10: the delivery rate of two relay processes on one PostgreSQL against one, each with the same
 * concurrency (8), delivering 2,000 events to a CRM that takes 20 ms per request. Measured from the first
 * arrival to the last, three rounds each, alternating, median reported.
 */
export async function benchRelayInstances(): Promise<BenchResult> {
  const postgres = await startPostgres();
  const sandbox = await startSandbox({ rateLimit: false });
  try {
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, maxConcurrency: 64 });
    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => hub.sessions.create({ sessionId: `rate_${i}` })),
    );
    const one: number[] = [];
    const two: number[] = [];
    const splits: number[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      one.push((await deliveryRate(1, postgres, sandbox)).rate);
      const pair = await deliveryRate(2, postgres, sandbox);
      two.push(pair.rate);
      splits.push(pair.split);
    }
    const single = median(one);
    const double = median(two);
    const split = splits[Math.floor(ROUNDS / 2)] ?? [];
    return {
      id: 10,
      what: `delivery rate on one PostgreSQL: ${EVENTS.toLocaleString('en')} events to a CRM answering in ${LATENCY_MS} ms, concurrency ${CONCURRENCY} per instance (median of ${ROUNDS})`,
      baseline: `one relay: ${single.toFixed(0)} events/s`,
      ours: `two relays: ${double.toFixed(0)} events/s (split ${split.join(' / ')})`,
      ratio: `${(double / single).toFixed(2)}×`,
      goal: 'higher than one instance',
      met: double > single,
      notes:
        "Each instance keeps its own number of deliveries in flight, so a second instance adds delivery capacity; the poller stays one (advisory lock), and each event is claimed by exactly one instance (FOR UPDATE SKIP LOCKED). Raising one instance's INBOX_HUB_RELAY_CONCURRENCY also raises its rate; the second instance is for capacity beyond one machine and for failover.",
    };
  } finally {
    await sandbox.close();
    await postgres.stop();
  }
}
