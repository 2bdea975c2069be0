import { InboxHub, InboxHubError } from '@inbox-hub/client';
import { FAULTS, type Fault, seeded, startFaultServer, writeReport } from '@inbox-hub/contract-testing';
import { startSandbox } from '@inbox-hub/sandbox';
import { expect, it } from 'vitest';

/**
 * 1,000 concurrent operations through one client against the sandbox, with about 5% of the session
 * requests turned into faults by the fault server in front of it. Afterwards: every call ended in a result
 * or a typed error, one login in all, no call beyond its retry budget, and the sandbox holds exactly the
 * sessions the client said it created. The test's own timeout bounds the run: 180 s, since it took 13 to
 * 52 s in CI runs on a shared two-core machine; how fast it is, is the benchmarks' business.
 */

const OPS = 1_000;
const FAULT_RATE = 0.05;
const SEEDS = 40;
const MAX_RETRIES = 2;

/** Faults that a busy network and API produce for one request at a time. `refused` closes the port for
 * every caller at once and `token-expired-401` needs a bearer route: both have their own matrix cells. */
const MIX: Fault[] = FAULTS.filter((f) => f !== 'refused' && f !== 'token-expired-401');

it(`${OPS} concurrent operations with ${FAULT_RATE * 100}% faults lose nothing`, async () => {
  const seed = Number(process.env.LOAD_SEED ?? 20251014);
  const random = seeded(seed);
  const sandbox = await startSandbox({ rateLimit: false });
  const faults = await startFaultServer({ upstream: sandbox.url, retryAfterSeconds: 0, slowBodyMs: 300 });
  const started = Date.now();
  try {
    const hub = new InboxHub({
      baseUrl: faults.url,
      apiKey: sandbox.account.apiKey,
      email: sandbox.account.email,
      password: sandbox.account.password,
      timeoutMs: 1_500,
      maxRetries: MAX_RETRIES,
    });
    // Seed sessions to connect and poll, before any fault.
    for (let i = 0; i < SEEDS; i++) await hub.sessions.create({ sessionId: `seed_${i}` });

    const injected: Record<string, number> = {};
    faults.plan(({ path }) => {
      if (!path.startsWith('/api/sessions') || random() >= FAULT_RATE) return undefined;
      const fault = MIX[Math.floor(random() * MIX.length)] as Fault;
      injected[fault] = (injected[fault] ?? 0) + 1;
      return fault;
    });
    const requestsBefore = faults.records.length;

    type Op = { kind: 'create' | 'list' | 'connect' | 'status'; sessionId?: string };
    const ops: Op[] = Array.from({ length: OPS }, (_, i) => {
      const seedId = `seed_${i % SEEDS}`;
      switch (i % 4) {
        case 0:
          return { kind: 'create', sessionId: `load_${i}` };
        case 1:
          return { kind: 'list' };
        case 2:
          return { kind: 'connect', sessionId: seedId };
        default:
          return { kind: 'status', sessionId: seedId };
      }
    });
    const run = (op: Op) => {
      switch (op.kind) {
        case 'create':
          return hub.sessions.create({ sessionId: op.sessionId as string });
        case 'list':
          return hub.sessions.list();
        case 'connect':
          return hub.sessions.connect(op.sessionId as string);
        default:
          return hub.sessions.getStatus(op.sessionId as string);
      }
    };
    const settled = await Promise.allSettled(ops.map(run));
    faults.plan(undefined);
    const durationMs = Date.now() - started;

    // 1. Every call resolved to a result or a typed error.
    const untyped = settled.filter((s) => s.status === 'rejected' && !(s.reason instanceof InboxHubError));
    expect(untyped.map((s) => (s as PromiseRejectedResult).reason)).toEqual([]);
    const errorsByClass: Record<string, number> = {};
    for (const s of settled) {
      if (s.status === 'rejected') errorsByClass[s.reason.name] = (errorsByClass[s.reason.name] ?? 0) + 1;
    }

    // Transient faults are absorbed by retries: nearly every operation succeeds.
    const fulfilled = settled.filter((s) => s.status === 'fulfilled').length;
    expect(fulfilled).toBeGreaterThanOrEqual(OPS * 0.95);

    // 2. One login in total.
    expect(hub.loginCount).toBe(1);

    // 3. Retries within budget: no failed call tried more than 1 + MAX_RETRIES times, and the requests
    // sent stay within the budget of the operations made.
    for (const s of settled) {
      if (s.status === 'rejected' && typeof s.reason.attempts === 'number') {
        expect(s.reason.attempts).toBeLessThanOrEqual(1 + MAX_RETRIES);
      }
    }
    const requests = faults.records.slice(requestsBefore).filter((r) => r.path.startsWith('/api/sessions'));
    // Each op may cost 1 + MAX_RETRIES requests; a create recovered from a 409 adds one list.
    expect(requests.length).toBeLessThanOrEqual(OPS * (1 + MAX_RETRIES));
    const totalFaults = Object.values(injected).reduce((a, b) => a + b, 0);
    expect(totalFaults).toBeGreaterThan(0);

    // 4. The sandbox's state matches what the client reported: no session lost, none created twice.
    const reader = new InboxHub({ baseUrl: sandbox.url, apiKey: sandbox.account.apiKey });
    const { sessions } = await reader.sessions.list();
    const ids = sessions.map((s) => s.sessionId);
    const duplicates = ids.length - new Set(ids).size;
    expect(duplicates).toBe(0);
    const inSandbox = new Set(ids.filter((id) => id.startsWith('load_')));
    const reported = new Set<string>();
    ops.forEach((op, i) => {
      if (op.kind === 'create' && settled[i]?.status === 'fulfilled') reported.add(op.sessionId as string);
    });
    const lost = [...reported].filter((id) => !inSandbox.has(id));
    const unreported = [...inSandbox].filter((id) => !reported.has(id));
    expect(lost).toEqual([]);
    expect(unreported).toEqual([]);

    writeReport('load', {
      seed,
      operations: OPS,
      faultRate: FAULT_RATE,
      faultsInjected: totalFaults,
      faultsByKind: injected,
      fulfilled,
      typedErrors: errorsByClass,
      untypedErrors: untyped.length,
      logins: hub.loginCount,
      requests: requests.length,
      sessionsCreated: reported.size,
      sessionsLost: lost.length,
      sessionsCreatedTwice: duplicates,
      sessionsUnreported: unreported.length,
      durationMs,
    });
  } finally {
    await faults.stop();
    await sandbox.close();
  }
}, 180_000);
