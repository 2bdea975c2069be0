import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@inbox-hub/contract-testing';
import { afterAll, expect, it } from 'vitest';

/**
 * The README's run command end to end: `tooling/start` brings up the sandbox and the MCP server, the
 * curl tour it prints works, an MCP client can list the tools, and Ctrl-C stops everything cleanly.
 */

const root = join(import.meta.dirname, '..', '..', '..');
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

it('starts the sandbox and the MCP server, runs the curl tour, and stops on SIGINT', async () => {
  const [sandboxPort, mcpPort, dashboardPort] = [await freePort(), await freePort(), await freePort()];
  const dataFile = join(mkdtempSync(join(tmpdir(), 'start-')), 'sandbox.db');
  child = spawn(process.execPath, [join(root, 'tooling', 'start', 'dist', 'start.js')], {
    env: {
      ...process.env,
      INBOX_HUB_SANDBOX_PORT: String(sandboxPort),
      INBOX_HUB_MCP_PORT: String(mcpPort),
      INBOX_HUB_DASHBOARD_PORT: String(dashboardPort),
      INBOX_HUB_SANDBOX_DATA: dataFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Ctrl-C stops everything.')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child?.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited early (${code}):\n${output}`));
    });
  });

  const base = `http://127.0.0.1:${sandboxPort}`;
  expect(output).toContain(`listening on ${base}`);
  expect(output).toContain(`http://127.0.0.1:${mcpPort}/mcp`);
  const apiKey = /API key:\s+(\S+)/.exec(output)?.[1] ?? '';
  expect(apiKey).toMatch(/^ihk_sandbox_/);

  // The three-line curl tour, as printed.
  const headers = { 'X-API-Key': apiKey, 'Content-Type': 'application/json' };
  const created = await fetch(`${base}/api/sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ sessionId: 'cliente_001', phoneNumber: '34612345678' }),
  });
  expect(created.status).toBe(201);
  expect((await fetch(`${base}/api/sessions/cliente_001/connect`, { method: 'POST', headers })).status).toBe(
    200,
  );
  const qr = (await (await fetch(`${base}/api/sessions/cliente_001/qr`, { headers })).json()) as {
    data: { qrCode: string };
  };
  expect(qr.data.qrCode).toMatch(/^data:image\/png;base64,/);
  const scan = await fetch(`${base}/sandbox/phone/scan`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ sessionId: 'cliente_001' }),
  });
  expect(scan.status).toBe(200);
  const list = (await (await fetch(`${base}/api/sessions`, { headers })).json()) as {
    data: { sessions: Array<{ sessionId: string; status: string }> };
  };
  expect(list.data.sessions.find((s) => s.sessionId === 'cliente_001')?.status).toBe('connected');

  // An MCP client reaches the server over Streamable HTTP.
  const rpc = await fetch(`http://127.0.0.1:${mcpPort}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'start-test', version: '1' },
      },
    }),
  });
  expect(rpc.status).toBe(200);
  expect(await rpc.text()).toContain('"serverInfo"');

  // The dashboard is up behind its operator login, and its page carries no API key.
  const dashboard = `http://127.0.0.1:${dashboardPort}`;
  expect(output).toContain(dashboard);
  const login = await fetch(`${dashboard}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).not.toContain(apiKey);

  // Ctrl-C stops everything cleanly.
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Stopped.');
  await expect(fetch(`${base}/api/sessions`, { headers })).rejects.toThrow();
});
