/**
 * Two dashboard replicas behind one URL, on one store: a real PostgreSQL (started by the test, as an
 * unprivileged user on a loopback port) and, the default, one SQLite file shared by two processes' worth
 * of connections. A customer link used through one replica is refused by the other, a sign-out on one
 * ends the sign-in on both, and one replica at a time polls Inbox Hub while the other shows what it saw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboxHub } from '@inbox-hub/client';
import {
  canary,
  freePort,
  type RunningPostgres,
  startPostgres,
  writeReport,
} from '@inbox-hub/contract-testing';
import { type ManualClock, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, startDashboard } from '../src/index.js';
import { eventReader, readEvents, signInHttp } from './support/http.js';
import { API_TOKEN, OPERATOR } from './support/stack.js';

const SECRET = 'replica-secret-that-is-long-enough-0123456789';

interface Replica {
  dashboard: RunningDashboard;
  url: string;
  /** List requests this replica sent to Inbox Hub. */
  lists(): number;
}

interface Pair {
  sandbox: RunningSandbox;
  clock: ManualClock;
  a: Replica;
  b: Replica;
  close(): Promise<void>;
}

async function startReplica(sandbox: RunningSandbox, store: string, name: string): Promise<Replica> {
  let lists = 0;
  const hub = new InboxHub({
    baseUrl: sandbox.url,
    apiKey: canary.apiKey,
    maxRetries: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'GET' && new URL(request.url).pathname === '/api/sessions') lists++;
      return fetch(request);
    },
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = sandbox.clock as ManualClock;
  const dashboard = await startDashboard({
    hub,
    operator: OPERATOR,
    secret: SECRET,
    // Both replicas sit behind one public URL; each test talks to each directly.
    publicUrl: url,
    secureCookies: false,
    apiToken: API_TOKEN,
    pollIntervalMs: 100,
    store,
    replicaId: name,
    now: () => clock.now(),
    port,
  });
  return { dashboard, url, lists: () => lists };
}

async function startPair(store: () => Promise<string>): Promise<Pair> {
  const sandbox = await startSandbox({
    clock: 'manual',
    rateLimit: false,
    tenants: [{ apiKey: canary.apiKey }],
    qr: { firstQrMs: 60_000, nextQrMs: 20_000, maxQrs: 3 },
  });
  const location = await store();
  const a = await startReplica(sandbox, location, 'replica-a');
  const b = await startReplica(sandbox, location, 'replica-b');
  return {
    sandbox,
    clock: sandbox.clock as ManualClock,
    a,
    b,
    async close() {
      await a.dashboard.stop();
      await b.dashboard.stop();
      await sandbox.close();
    },
  };
}

/** The account's client, for a test to act on Inbox Hub directly (not through a dashboard). */
function api(sandbox: RunningSandbox): InboxHub {
  return new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey, maxRetries: 0 });
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function makeLink(replica: Replica, sessionId: string): Promise<string> {
  const response = await fetch(`${replica.url}/api/connect-links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId }),
  });
  expect(response.status).toBe(201);
  return new URL(((await response.json()) as { url: string }).url).pathname;
}

let postgres: RunningPostgres | undefined;
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const stores = {
  PostgreSQL: async () => {
    if (!postgres) throw new Error('PostgreSQL did not start.');
    return postgres.createDatabase();
  },
  'one SQLite file': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-replicas-'));
    dirs.push(dir);
    return join(dir, 'dashboard.sqlite');
  },
};

describe.each(Object.entries(stores))('two dashboard replicas on %s', (name, store) => {
  let pair: Pair;
  /** What the tests measured, for docs/reliability.md. */
  const figures: Record<string, unknown> = { store: name };
  beforeAll(async () => {
    pair = await startPair(store);
  });
  afterAll(async () => {
    await pair?.close();
    if (Object.keys(figures).length === 7) {
      writeReport(`dashboard-replicas-${name === 'PostgreSQL' ? 'postgres' : 'sqlite'}`, figures);
    }
  });

  it('refuses on one replica a customer link used through the other', async () => {
    const { sandbox, a, b } = pair;
    await api(sandbox).sessions.create({ sessionId: 'cliente_replica' });
    const path = await makeLink(a, 'cliente_replica');
    // The customer's browser lands on replica B, which starts the attempt and shows the QR.
    const page = await fetch(`${b.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data:image/png;base64,');
    sandbox.phone.scan({ sessionId: 'cliente_replica', apiKey: canary.apiKey });
    // B's link page sees the connection and spends the link...
    await until(async () => (await fetch(`${b.url}${path}`)).status === 410, 'replica B spends the link');
    // ...and replica A, which made the link, refuses it too, even once the phone logged out again.
    sandbox.phone.logout({ sessionId: 'cliente_replica', apiKey: canary.apiKey });
    const onA = await fetch(`${a.url}${path}`);
    expect(onA.status).toBe(410);
    expect(await onA.text()).not.toContain('<img');
    expect((await fetch(`${a.url}${path}/events`)).status).toBe(410);
    figures.linkUsedOnBRefusedOnA = onA.status;
  });

  it('ends on both replicas a sign-in that signed out on one, open event streams included', async () => {
    const { a, b } = pair;
    const { cookie, csrf } = await signInHttp(a.url);
    // The cookie is good on B (same secret), and B streams the list to it.
    const stream = await fetch(`${b.url}/events`, { headers: { Cookie: cookie } });
    expect(stream.status).toBe(200);
    const reader = eventReader(stream);
    await readEvents(reader, (e) => e.event === 'snapshot', true);

    const logout = await fetch(`${a.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: a.url },
    });
    expect(logout.status).toBe(303);
    // B's stream ends (within its revocation check), and B refuses the cookie from now on.
    const signedOut = Date.now();
    await readEvents(reader, () => false);
    figures.signOutEndsOtherStreamMs = Date.now() - signedOut;
    const after = await fetch(`${b.url}/events`, { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
    const home = await fetch(`${b.url}/`, {
      headers: { Cookie: cookie, Accept: 'text/html' },
      redirect: 'manual',
    });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login');
  });

  it('polls Inbox Hub from one replica at a time; the other shows what it saw, and takes over when it stops', async () => {
    const { sandbox, a, b } = pair;
    const { cookie } = await signInHttp(a.url);
    // An operator tab on each replica: both have listeners.
    const tabA = eventReader(await fetch(`${a.url}/events`, { headers: { Cookie: cookie } }));
    const tabB = eventReader(await fetch(`${b.url}/events`, { headers: { Cookie: cookie } }));
    await readEvents(tabA, (e) => e.event === 'snapshot', true);
    await readEvents(tabB, (e) => e.event === 'snapshot', true);
    await until(() => a.dashboard.poller.leading !== b.dashboard.poller.leading, 'one replica leads');
    const [leader, follower] = a.dashboard.poller.leading ? [a, b] : [b, a];
    const [leaderTab, followerTab] = leader === a ? [tabA, tabB] : [tabB, tabA];

    // Over ten intervals (100 ms each) the leader polls and the follower does not.
    const before = { leader: leader.lists(), follower: follower.lists() };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(leader.lists() - before.leader).toBeGreaterThanOrEqual(3);
    expect(follower.lists() - before.follower).toBe(0);
    figures.leaderListsPerSecond = leader.lists() - before.leader;
    figures.followerListsPerSecond = follower.lists() - before.follower;

    // A change reaches the follower's tab through the leader's poll.
    await api(sandbox).sessions.create({ sessionId: 'cliente_shared', name: 'Shared' });
    await readEvents(followerTab, (e) => e.event === 'snapshot' && e.data.includes('cliente_shared'), true);
    expect(follower.lists() - before.follower).toBe(0);

    // The leader stops: it hands the lease over, and the follower polls from then on.
    await leaderTab.cancel();
    await leader.dashboard.stop();
    const handedOver = follower.lists();
    const stopped = Date.now();
    await until(() => follower.lists() > handedOver, 'the other replica polls');
    figures.takeoverAfterStopMs = Date.now() - stopped;
    await until(() => follower.lists() > handedOver + 2, 'the other replica keeps polling');
    expect(follower.dashboard.poller.leading).toBe(true);
    await api(sandbox).sessions.create({ sessionId: 'cliente_after', name: 'After' });
    await readEvents(followerTab, (e) => e.event === 'snapshot' && e.data.includes('cliente_after'), true);
    await followerTab.cancel();
    figures.pollIntervalMs = 100;
  });
});
