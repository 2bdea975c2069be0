/**
 * The n8n node's row of the fault matrix at unit level: the operations and the trigger's poll, run with
 * n8n's execute/poll context faked but real HTTP to the fault server in front of the sandbox. The HTTP
 * helper below sends what n8n's `httpRequestWithAuthentication` would (the key header, the JSON body,
 * the timeout) and answers as it does (full response, status errors ignored, JSON parsed when it parses).
 * The same operations also run under faults inside a real n8n in the end-to-end suite.
 */
import { InboxHub as Client } from '@inbox-hub/client';
import {
  FAULTS,
  type Fault,
  type FaultServer,
  type MatrixCell,
  shouldRecover,
  startFaultServer,
  writeReport,
} from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxHub } from '../nodes/InboxHub/InboxHub.node.js';
import { InboxHubTrigger } from '../nodes/InboxHubTrigger/InboxHubTrigger.node.js';
import { executeContext, pollContext } from './fake-context.mjs';

/**
 * n8n's HTTP helper, over real HTTP: it injects the credential's key header, sends the body as given,
 * applies the per-request timeout, follows no redirect when asked not to, and returns the full response.
 */
function realHttp(creds: () => IDataObject) {
  const requests: Array<{ method: string; url: string }> = [];
  const helper = async (_type: string, options: IDataObject) => {
    const { apiKey } = creds();
    const url = `${options.baseURL ?? ''}${options.url}`;
    requests.push({ method: String(options.method), url });
    const headers = new Headers(options.headers as Record<string, string>);
    headers.set('X-API-Key', String(apiKey));
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: String(options.method),
        headers,
        body: options.body === undefined ? undefined : String(options.body),
        redirect: options.disableFollowRedirect ? 'manual' : 'follow',
        signal: AbortSignal.timeout(Number(options.timeout ?? 300_000)),
      });
      text = await response.text();
    } catch (error) {
      const e = new Error(error instanceof Error ? error.message : String(error)) as Error & {
        code?: string;
      };
      e.code = (error as { name?: string }).name === 'TimeoutError' ? 'ECONNABORTED' : 'ECONNRESET';
      throw e;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // as n8n does: an unparsable body comes back as a string
    }
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      out[k] = v;
    });
    return { statusCode: response.status, headers: out, body };
  };
  return { requests, helper };
}

type Expect = 'succeeds' | 'NodeApiError';
const expectFor = (fault: Fault, mode: 'once' | 'every attempt'): Expect =>
  shouldRecover(fault, mode) ? 'succeeds' : 'NodeApiError';

const cells: MatrixCell[] = [];
let sandbox: RunningSandbox;
let faults: FaultServer;
const creds = (): IDataObject => ({
  baseUrl: faults.url,
  apiKey: sandbox.account.apiKey,
  email: sandbox.account.email,
  password: sandbox.account.password,
});

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  faults = await startFaultServer({ upstream: sandbox.url, retryAfterSeconds: 0, slowBodyMs: 600 });
  const setup = new Client({ baseUrl: sandbox.url, apiKey: sandbox.account.apiKey });
  await setup.sessions.create({ sessionId: 'fault_a', phoneNumber: '34600000001' });
  await setup.sessions.connect('fault_a');
});
afterAll(async () => {
  await faults?.stop();
  await sandbox?.close();
  writeReport('faults-n8n-unit', cells);
}, 60_000);

/** How a call ended: its value, a NodeApiError, or anything else (which no cell expects). */
async function settle<T>(work: Promise<T>): Promise<{ actual: string; value?: T; error?: unknown }> {
  try {
    return { actual: 'succeeds', value: await work };
  } catch (error) {
    return { actual: error instanceof NodeApiError ? 'NodeApiError' : 'other', error };
  }
}

/** One poll of the trigger (watching every session and status) against the fault server. */
function pollOnce(staticData: IDataObject) {
  return new InboxHubTrigger().poll.call(
    pollContext({
      params: { sessionIds: [], statuses: [], quietMinutes: 0 },
      http: realHttp(creds) as never,
      staticData,
      creds: creds(),
    }),
  );
}

const sessionsOnly = (_m: string, path: string) => path.startsWith('/api/sessions');
const modes = ['once', 'every attempt'] as const;

describe('n8n operations under faults', () => {
  for (const mode of modes) {
    for (const fault of FAULTS) {
      const expected = expectFor(fault, mode);
      it(`${mode}: ${fault} → ${expected}`, { timeout: 90_000 }, async () => {
        const http = realHttp(creds);
        const create = fault === 'token-expired-401';
        const sessionId = `op_${mode === 'once' ? 'o' : 'a'}_${fault.replace(/[^a-z0-9]/g, '_')}`;
        const ctx = executeContext({
          params: [
            create
              ? { resource: 'session', operation: 'create', sessionId, additionalFields: {} }
              : { resource: 'session', operation: 'getAll', returnAll: true, filters: {} },
          ],
          http: http as never,
          creds: creds(),
        });
        faults.next(
          fault,
          mode === 'once' ? 1 : 100,
          create ? (m, p) => m === 'POST' && p === '/api/sessions' : sessionsOnly,
        );
        const { actual, error } = await settle(new InboxHub().execute.call(ctx));
        faults.plan(undefined);
        cells.push({ surface: 'n8n node', fault, mode, expected, actual, pass: actual === expected });
        expect(actual).toBe(expected);
        if (error) expect((error as Error).message).toMatch(/^[A-Z]/);
        // Within the budget: at most three sends of the faulted request (plus the one re-login retry).
        const faulted = http.requests.filter((r) =>
          create ? r.method === 'POST' && r.url.endsWith('/api/sessions') : r.method === 'GET',
        );
        expect(faulted.length).toBeLessThanOrEqual(create ? 4 : 3);
        if (create && actual === 'succeeds') {
          const list = await new Client({
            baseUrl: sandbox.url,
            apiKey: sandbox.account.apiKey,
          }).sessions.list();
          expect(list.sessions.filter((s) => s.sessionId === sessionId)).toHaveLength(1);
        }
      });
    }
  }
});

describe('n8n trigger under faults', () => {
  for (const mode of modes) {
    for (const fault of FAULTS) {
      if (fault === 'token-expired-401') continue; // the trigger only lists, with the API key
      const expected = expectFor(fault, mode);
      it(`${mode}: ${fault} → ${expected}, and never a false or lost change`, {
        timeout: 90_000,
      }, async () => {
        const staticData: IDataObject = {};
        expect(await pollOnce(staticData)).toBeNull(); // the baseline
        const baseline = JSON.stringify(staticData.statuses);

        faults.next(fault, mode === 'once' ? 1 : 100, sessionsOnly);
        const { actual, value } = await settle(pollOnce(staticData));
        faults.plan(undefined);
        cells.push({ surface: 'n8n trigger', fault, mode, expected, actual, pass: actual === expected });
        expect(actual).toBe(expected);
        // A fault fires nothing and leaves the de-duplication state as it was.
        if (actual === 'succeeds') expect(value).toBeNull();
        expect(JSON.stringify(staticData.statuses)).toBe(baseline);
      });
    }
  }

  it('after faults, a real change still fires exactly once', async () => {
    const staticData: IDataObject = {};
    const poll = () => pollOnce(staticData);
    await poll();
    faults.next('http-500', 1, sessionsOnly);
    await expect(poll()).rejects.toBeInstanceOf(NodeApiError);
    sandbox.phone.scan(
      { sessionId: 'fault_a', apiKey: sandbox.account.apiKey },
      { phoneNumber: '34600000001' },
    );
    const fired = await poll();
    expect(fired?.[0]?.map((i) => i.json)).toMatchObject([
      { sessionId: 'fault_a', oldStatus: 'pending', newStatus: 'connected' },
    ]);
    expect(await poll()).toBeNull();
  });
});
