import {
  type Fault,
  type FaultServer,
  type MatrixCell,
  startFaultServer,
  writeReport,
} from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InboxHub,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/index.js';

/**
 * The client's row of the fault matrix: every fault of the fault server, applied once (the client should
 * recover within its retry budget when the fault is transient) and on every attempt (it must end with a
 * typed error whose message says what to do). The vitest timeout is the hang guard.
 */

type Expect = 'recovers' | { error: new (...args: never[]) => Error; name: string };

const recovers: Expect = 'recovers';
const err = (error: new (...args: never[]) => Error): Expect => ({ error, name: error.name });

const once: Record<Fault, Expect> = {
  refused: recovers,
  'reset-mid-body': recovers,
  hang: recovers,
  'http-500': err(ServerError),
  'http-502-html': recovers,
  'http-503-retry-after': recovers,
  'http-429-retry-after': recovers,
  'malformed-json': err(InvalidResponseError),
  'schema-break': err(InvalidResponseError),
  'success-false': err(ApiError),
  'token-expired-401': recovers, // on the bearer route: one re-login, one retry
  'slow-body': recovers,
};

const always: Record<Fault, Expect> = {
  refused: err(ConnectionError),
  'reset-mid-body': err(ConnectionError),
  hang: err(TimeoutError),
  'http-500': err(ServerError),
  'http-502-html': err(ServerError),
  'http-503-retry-after': err(ServerError),
  'http-429-retry-after': err(RateLimitError),
  'malformed-json': err(InvalidResponseError),
  'schema-break': err(InvalidResponseError),
  'success-false': err(ApiError),
  'token-expired-401': err(AuthenticationError),
  'slow-body': recovers, // slow but inside the timeout: a slow body is not an error
};

const cells: MatrixCell[] = [];
let faults: FaultServer;

beforeAll(async () => {
  faults = await startFaultServer({ upstream: inject('baseUrl'), retryAfterSeconds: 0, slowBodyMs: 600 });
});
afterAll(async () => {
  await faults.stop();
  writeReport('faults-client', cells);
});

function client() {
  return new InboxHub({
    baseUrl: faults.url,
    apiKey: 'ihk_test_fault_key',
    email: 'crm@example.com',
    password: 'example-password',
    timeoutMs: 2_000,
    maxRetries: 2,
  });
}

/** The operation each fault is tried on: the bearer route for the token fault, a read for the rest. */
async function operate(hub: InboxHub, fault: Fault): Promise<unknown> {
  if (fault === 'token-expired-401') return hub.sessions.create({ sessionId: 'cliente_fault' });
  return hub.sessions.list();
}

const isSessions = (method: string, path: string) => path.startsWith('/api/sessions') && method !== 'OPTIONS';

for (const [mode, table] of [
  ['once', once],
  ['every attempt', always],
] as const) {
  describe(`client under faults (${mode})`, () => {
    for (const [fault, expected] of Object.entries(table) as Array<[Fault, Expect]>) {
      it(`${fault} → ${expected === 'recovers' ? 'recovers' : expected.name}`, async () => {
        const hub = client();
        faults.next(fault, mode === 'once' ? 1 : 100, isSessions);
        const before = faults.records.length;
        const outcome = await operate(hub, fault).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        faults.plan(undefined);
        const actual = outcome.ok ? 'recovers' : (outcome.error as Error).name;
        const pass =
          expected === 'recovers' ? outcome.ok : !outcome.ok && outcome.error instanceof expected.error;
        cells.push({
          surface: 'client',
          fault,
          mode,
          expected: expected === 'recovers' ? 'recovers' : expected.name,
          actual,
          pass,
        });
        if (!outcome.ok) {
          // A typed error whose message is a sentence with a next step.
          expect((outcome.error as Error).message).toMatch(/\. [A-Z].*\.$|\.$/);
        }
        expect(actual).toBe(expected === 'recovers' ? 'recovers' : expected.name);
        expect(pass).toBe(true);
        // Never more than the retry budget (plus the one re-login retry).
        const sent = faults.records.slice(before).filter((r) => isSessions(r.method, r.path));
        expect(sent.length).toBeLessThanOrEqual(3 + (fault === 'token-expired-401' ? 1 : 0));
        // Never a second create of the same session, unless the first one failed before the server made it.
        const creates = sent.filter(
          (r) => r.method === 'POST' && r.path === '/api/sessions' && r.status === 201,
        );
        expect(creates.length).toBeLessThanOrEqual(1);
      });
    }
  });
}
