import { assertNoCanary, canary, freePort } from '@inbox-hub/contract-testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HttpBin, startHttpBin } from './bin-process.js';

const TOKEN = 'test-token-0123456789abcdef';
let bin: HttpBin;

beforeAll(async () => {
  bin = await startHttpBin(['--port', String(await freePort())], {
    INBOX_HUB_BASE_URL: inject('baseUrl'),
    INBOX_HUB_API_KEY: canary.apiKey,
    INBOX_HUB_MCP_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await bin?.stop();
});

async function connectClient(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e-http', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(bin.url), { requestInit: { headers } }));
  return client;
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

function post(headers: Record<string, string>): Promise<Response> {
  return fetch(bin.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: initialize,
  });
}

describe('the bin over Streamable HTTP', () => {
  it('serves tools, resources and prompts to a StreamableHTTPClientTransport client with the bearer token', async () => {
    const client = await connectClient({ Authorization: `Bearer ${TOKEN}` });
    try {
      expect(client.getServerVersion()?.name).toBe('inbox-hub-mcp');
      expect((await client.listTools()).tools).toHaveLength(8);
      const list = (await client.callTool({ name: 'list_sessions', arguments: {} })) as CallToolResult;
      expect(list.structuredContent).toMatchObject({ total: 2 });
      const qr = (await client.callTool({
        name: 'get_qr_code',
        arguments: { sessionId: 'cliente_12345' },
      })) as CallToolResult;
      expect(qr.content.some((c) => c.type === 'image' && c.mimeType === 'image/png')).toBe(true);
      const progress: number[] = [];
      const waited = (await client.callTool(
        { name: 'wait_for_connection', arguments: { sessionId: 'cliente_12345' } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      )) as CallToolResult;
      expect(waited.structuredContent).toMatchObject({ outcome: 'connected' });
      expect(progress).toEqual([1]);
      const bad = (await client.callTool({
        name: 'connect_session',
        arguments: { sessionId: '' },
      })) as CallToolResult;
      expect(bad.isError).toBe(true);
      const resource = await client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' });
      expect(resource.contents[0]?.uri).toBe('inbox-hub://sessions/cliente_12345');
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['connect_client_whatsapp']);
      // Stateless: subscriptions need a standing connection, so they are not offered.
      expect(client.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
      assertNoCanary(JSON.stringify([list, qr, waited, bad, resource]), 'HTTP results');
    } finally {
      await client.close();
    }
  });

  it('accepts a loopback browser Origin', async () => {
    const response = await post({ Authorization: `Bearer ${TOKEN}`, Origin: 'http://localhost:6274' });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('refuses a foreign Origin with 403', async () => {
    const response = await post({ Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringMatching(/Origin/) } });
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post({ Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    await expect(connectClient({})).rejects.toThrow();
  });

  it('answers GET with 405 (stateless) and unknown paths with 404', async () => {
    expect((await fetch(bin.url, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
    expect((await fetch(new URL('/other', bin.url))).status).toBe(404);
    expect((await fetch(new URL('/healthz', bin.url))).status).toBe(200);
  });

  it('keeps the key and the token out of its logs', () => {
    assertNoCanary(bin.stderr(), 'stderr');
    expect(bin.stderr()).not.toContain(TOKEN);
  });
});
