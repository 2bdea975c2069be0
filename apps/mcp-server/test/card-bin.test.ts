import { canary } from '@inbox-hub/contract-testing';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, inject, it } from 'vitest';
import { CONNECT_CARD_URI } from '../src/ui/connect-card.js';
import { BIN, requireBuiltBin, startHttpBin } from './bin-process.js';

// The built bin finds the card's HTML where the build put it (dist/ui/), over stdio and over HTTP.
const UI = {
  capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } } },
};

async function cardOf(client: Client): Promise<{ tools: string[]; html: string }> {
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const read = await client.readResource({ uri: CONNECT_CARD_URI });
  const content = read.contents[0];
  return { tools, html: content && 'text' in content ? content.text : '' };
}

describe('the built bin serves the card', () => {
  it('over stdio to a client that renders MCP Apps', async () => {
    requireBuiltBin();
    const client = new Client({ name: 'card-bin-test', version: '0.0.0' }, UI);
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN],
        env: {
          PATH: process.env.PATH ?? '',
          INBOX_HUB_BASE_URL: inject('baseUrl'),
          INBOX_HUB_API_KEY: canary.apiKey,
        },
        stderr: 'ignore',
      }),
    );
    try {
      const { tools, html } = await cardOf(client);
      expect(tools).toEqual(expect.arrayContaining(['card_state', 'card_retry', 'setup_session']));
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain("connect-src 'none'");
    } finally {
      await client.close();
    }
  });

  it('over stateless HTTP only when INBOX_HUB_MCP_CARD=on', async () => {
    const env = { INBOX_HUB_BASE_URL: inject('baseUrl'), INBOX_HUB_API_KEY: canary.apiKey };
    const on = await startHttpBin(['--port', '0'], { ...env, INBOX_HUB_MCP_CARD: 'on' });
    const auto = await startHttpBin(['--port', '0'], env);
    const clients: Client[] = [];
    try {
      const client = new Client({ name: 'card-bin-test', version: '0.0.0' }, UI);
      clients.push(client);
      await client.connect(new StreamableHTTPClientTransport(new URL(on.url)));
      const { tools, html } = await cardOf(client);
      expect(tools).toContain('card_state');
      expect(html).toContain("connect-src 'none'");

      const plain = new Client({ name: 'card-bin-test', version: '0.0.0' }, UI);
      clients.push(plain);
      await plain.connect(new StreamableHTTPClientTransport(new URL(auto.url)));
      expect((await plain.listTools()).tools.map((t) => t.name)).not.toContain('card_state');
      expect(auto.stderr()).toContain('INBOX_HUB_MCP_CARD=on');
    } finally {
      for (const client of clients) await client.close();
      await on.stop();
      await auto.stop();
    }
  });
});
