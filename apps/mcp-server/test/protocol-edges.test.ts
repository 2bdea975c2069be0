import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { freePort } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, type HttpBin, requireBuiltBin, startHttpBin } from './bin-process.js';

/**
 * The protocol's edges, against the built bin: malformed JSON-RPC, unknown tools, oversized arguments,
 * and a client that goes away in the middle of `wait_for_connection`. After each, the server must still
 * be up and answer the next request.
 */

const initialize = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'edges', version: '0' } },
});

/** A stdio session with the bin: send lines, await responses by id. */
function stdioBin(env: Record<string, string>) {
  requireBuiltBin();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Array<{
    id?: number | string | null;
    result?: unknown;
    error?: { code: number; message: string };
  }> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i = buffer.indexOf('\n');
    while (i >= 0) {
      messages.push(JSON.parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
      i = buffer.indexOf('\n');
    }
  });
  const waitFor = (predicate: (m: (typeof messages)[number]) => boolean) =>
    new Promise<(typeof messages)[number]>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = messages.find(predicate);
        if (found) {
          clearInterval(timer);
          resolve(found);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`the bin exited with ${child.exitCode}`));
        }
      }, 10);
    });
  return {
    child,
    messages,
    sendRaw: (line: string) => child.stdin.write(`${line}\n`),
    send: (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`),
    response: (id: number) => waitFor((m) => m.id === id),
    waitFor,
    stop: () => {
      child.stdin.end();
      return new Promise((r) => child.once('exit', r));
    },
  };
}

describe('stdio edges', () => {
  it('survives malformed JSON-RPC, unknown tools and oversized arguments, and answers the next request', async () => {
    const bin = stdioBin({ INBOX_HUB_BASE_URL: inject('baseUrl'), INBOX_HUB_API_KEY: 'ihk_test_edges_key' });
    try {
      bin.send(initialize(1));
      await bin.response(1);
      bin.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

      // Malformed JSON, then JSON that is not JSON-RPC: a parse error / invalid request, not a crash.
      bin.sendRaw('{"jsonrpc": "2.0", "id": 2, "method": tools/list');
      bin.sendRaw('[1, 2, 3]');
      bin.send({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} });
      const list = (await bin.response(3)) as { result: { tools: unknown[] } };
      expect(list.result.tools.length).toBeGreaterThan(0);

      // An unknown tool: an error the client can read.
      bin.send({
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'drop_all_sessions', arguments: {} },
      });
      const unknown = (await bin.response(4)) as {
        error?: { message: string };
        result?: { isError?: boolean; content: Array<{ text: string }> };
      };
      const unknownText = unknown.error?.message ?? unknown.result?.content[0]?.text ?? '';
      expect(unknown.error !== undefined || unknown.result?.isError === true).toBe(true);
      expect(unknownText).toMatch(/drop_all_sessions/);

      // A 2 MB argument: refused as a bad argument, nothing sent.
      bin.send({
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'get_session_status', arguments: { sessionId: 'x'.repeat(2_000_000) } },
      });
      const big = (await bin.response(5)) as {
        result?: { isError?: boolean; content: Array<{ text: string }> };
      };
      expect(big.result?.isError).toBe(true);
      expect(big.result?.content[0]?.text.length).toBeLessThan(2_000);

      // Still up.
      bin.send({ jsonrpc: '2.0', id: 6, method: 'ping' });
      expect(await bin.response(6)).toMatchObject({ result: {} });
      expect(bin.child.exitCode).toBeNull();
    } finally {
      await bin.stop();
    }
  });
});

describe('HTTP edges', () => {
  let sandbox: RunningSandbox;
  let http: HttpBin;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    http = await startHttpBin(['--port', String(await freePort())], {
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: sandbox.apiKey,
    });
  });
  afterAll(async () => {
    await http?.stop();
    await sandbox?.close();
  });

  const post = (body: string, signal?: AbortSignal) =>
    fetch(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body,
      signal,
    });
  const rpc = (id: number, method: string, params: object = {}) =>
    JSON.stringify({ jsonrpc: '2.0', id, method, params });

  it('answers malformed JSON with a JSON-RPC parse error and keeps serving', async () => {
    const bad = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(await bad.text()).toMatch(/-32700|Parse error/i);
    const ok = await post(JSON.stringify(initialize(2)));
    expect(ok.status).toBe(200);
  });

  it('keeps serving after a client disconnects in the middle of wait_for_connection', async () => {
    // A pending session, so the wait really waits.
    const headers = { 'X-API-Key': sandbox.apiKey, 'Content-Type': 'application/json' };
    await fetch(`${sandbox.url}/api/sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sessionId: 'edge_wait' }),
    });
    await fetch(`${sandbox.url}/api/sessions/edge_wait/connect`, { method: 'POST', headers });

    const controller = new AbortController();
    const waiting = post(
      rpc(10, 'tools/call', {
        name: 'wait_for_connection',
        arguments: { sessionId: 'edge_wait', timeoutSeconds: 120 },
      }),
      controller.signal,
    );
    // Let the call reach the server and start polling, then drop the connection.
    const response = await waiting;
    const reader = response.body?.getReader();
    controller.abort();
    await reader?.cancel().catch(() => {});

    // The server answers the next request, and a full call works.
    const next = await post(
      rpc(11, 'tools/call', { name: 'get_session_status', arguments: { sessionId: 'edge_wait' } }),
    );
    expect(next.status).toBe(200);
    expect(await next.text()).toMatch(/pending/);
    expect(http.stderr()).not.toMatch(/Unhandled|uncaught/i);
  });
});
