import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { assertNoCanary, canary, freePort } from '@inbox-hub/contract-testing';
import { describe, expect, inject, it } from 'vitest';
import { BIN, requireBuiltBin } from './bin-process.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the bin, writes `messages` one per line, waits for `expectIds` responses, then closes stdin. */
function runBin(env: Record<string, string>, messages: object[], expectIds: number[]): Promise<Run> {
  requireBuiltBin();
  return new Promise((resolve, reject) => {
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const pending = new Set(expectIds);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        try {
          const id = (JSON.parse(line) as { id?: number }).id;
          if (id !== undefined) pending.delete(id);
        } catch {
          // Partial line; the assertions check every complete line.
        }
      }
      if (pending.size === 0) child.stdin.end();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
    for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
    if (expectIds.length === 0) child.stdin.end();
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'e2e', version: '0' } },
};
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

describe('the bin over stdio', () => {
  it('writes nothing but JSON-RPC to stdout and logs to stderr, without the API key', async () => {
    const env = {
      INBOX_HUB_BASE_URL: inject('baseUrl'),
      INBOX_HUB_API_KEY: canary.apiKey,
      INBOX_HUB_MCP_LOG_LEVEL: 'debug',
    };
    const run = await runBin(
      env,
      [
        initialize,
        initialized,
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        {
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'get_qr_code', arguments: { sessionId: 'cliente_12345' } },
        },
        {
          jsonrpc: '2.0',
          id: 4,
          method: 'tools/call',
          params: { name: 'create_session', arguments: { sessionId: 'no/slashes' } },
        },
        { jsonrpc: '2.0', id: 5, method: 'resources/read', params: { uri: 'inbox-hub://sessions' } },
        { jsonrpc: '2.0', id: 6, method: 'prompts/list' },
      ],
      [1, 2, 3, 4, 5, 6],
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      const message = JSON.parse(line) as { jsonrpc?: string };
      expect(message.jsonrpc).toBe('2.0');
    }
    const byId = new Map(
      lines
        .map((l) => JSON.parse(l) as { id?: number; result?: Record<string, unknown> })
        .map((m) => [m.id, m]),
    );
    expect(byId.get(2)?.result?.tools).toHaveLength(8);
    expect(JSON.stringify(byId.get(3)?.result?.content)).toContain('"type":"image"');
    expect(byId.get(4)?.result?.isError).toBe(true);
    expect(run.stderr).toContain('serving MCP on stdio');
    assertNoCanary(run.stdout, 'stdout');
    assertNoCanary(run.stderr, 'stderr');
  });

  it("offers create_connect_link when the dashboard's API is configured, keeping its token out of stderr", async () => {
    const token = 'e2e-dashboard-token-0123456789abcdef';
    const run = await runBin(
      {
        INBOX_HUB_BASE_URL: inject('baseUrl'),
        INBOX_HUB_API_KEY: canary.apiKey,
        INBOX_HUB_DASHBOARD_URL: `http://127.0.0.1:${await freePort()}`,
        INBOX_HUB_DASHBOARD_API_TOKEN: token,
        INBOX_HUB_MCP_LOG_LEVEL: 'debug',
      },
      [
        initialize,
        initialized,
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        {
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'create_connect_link', arguments: { sessionId: 'cliente_12345' } },
        },
      ],
      [1, 2, 3],
    );
    const byId = new Map(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id?: number; result?: Record<string, unknown> })
        .map((m) => [m.id, m]),
    );
    const names = ((byId.get(2)?.result?.tools ?? []) as Array<{ name: string }>).map((t) => t.name);
    expect(names).toContain('create_connect_link');
    // Nothing listens on that port: a readable error, and the token nowhere.
    expect(byId.get(3)?.result).toMatchObject({ isError: true });
    expect(JSON.stringify(byId.get(3))).toMatch(/cannot be reached/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('exits 2 with a message naming the variable when the config is invalid, printing nothing on stdout', async () => {
    const run = await runBin({ INBOX_HUB_API_KEY: canary.apiKey }, [], []);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/INBOX_HUB_BASE_URL is not set/);
  });
});
