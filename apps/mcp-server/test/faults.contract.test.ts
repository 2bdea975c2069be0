import { InboxHub } from '@inbox-hub/client';
import {
  FAULTS,
  type FaultServer,
  type MatrixCell,
  shouldRecover,
  startFaultServer,
  writeReport,
} from '@inbox-hub/contract-testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServer } from '../src/server.js';
import { call, text } from './helpers.js';

/**
 * The MCP server's row of the fault matrix, through a real MCP client: every fault of the fault server,
 * applied once (the tool should still succeed, the client's retries absorbing it) and on every attempt
 * (the tool must return `isError: true` with a sentence the model can act on, never a protocol error or a
 * crash). After each cell the server must still answer `tools/list`.
 */

type Expect = 'succeeds' | 'isError';

const cells: MatrixCell[] = [];
let faults: FaultServer;
let client: Client;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  faults = await startFaultServer({ upstream: inject('baseUrl'), retryAfterSeconds: 0, slowBodyMs: 600 });
  const hub = new InboxHub({
    baseUrl: faults.url,
    apiKey: 'ihk_test_mcp_fault_key',
    email: 'crm@example.com',
    password: 'example-password',
    timeoutMs: 2_000,
    maxRetries: 2,
  });
  const server = createServer({ hub, secrets: ['ihk_test_mcp_fault_key', 'example-password'] });
  client = new Client({ name: 'fault-matrix', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  closeAll = async () => {
    await client.close();
    await server.close();
  };
});
afterAll(async () => {
  await closeAll?.();
  await faults?.stop();
  writeReport('faults-mcp', cells);
});

const isSessions = (_method: string, path: string) => path.startsWith('/api/sessions');

for (const mode of ['once', 'every attempt'] as const) {
  describe(`MCP tools under faults (${mode})`, () => {
    for (const fault of FAULTS) {
      const expected: Expect = shouldRecover(fault, mode) ? 'succeeds' : 'isError';
      it(`${fault} → ${expected}`, async () => {
        faults.next(fault, mode === 'once' ? 1 : 100, isSessions);
        // The bearer route for the token fault, a read for everything else.
        const result =
          fault === 'token-expired-401'
            ? await call(client, 'create_session', { sessionId: 'cliente_fault_mcp' })
            : await call(client, 'list_sessions');
        faults.plan(undefined);
        const actual: Expect = result.isError ? 'isError' : 'succeeds';
        cells.push({ surface: 'mcp', fault, mode, expected, actual, pass: actual === expected });
        expect(actual).toBe(expected);
        if (result.isError) {
          // A sentence the model can act on, not a stack trace.
          expect(text(result)).toMatch(/^[A-Z].*\.(\s|$)/);
          expect(text(result)).not.toMatch(/\n\s+at /);
        }
        // The server is still up.
        expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      });
    }
  });
}
