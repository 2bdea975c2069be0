import { InboxHub } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseCommand } from '../src/config.js';
import { createServer, type ServerDeps } from '../src/server.js';
import { TOOL_NAMES } from '../src/tools/index.js';
import { CONNECT_CARD_URI } from '../src/ui/connect-card.js';
import { CARD_NEXT_STEP } from '../src/ui/hand-off.js';
import { PNG_BASE64_PREFIX } from './helpers.js';

// Who gets the connect card, and what the others keep: a client that does not say it renders MCP Apps
// must see exactly the server it saw before the card existed. Against the sandbox on a manual clock, so
// two servers answer the same calls identically.
const credentials = { apiKey: canary.apiKey, email: canary.email, password: canary.password };
const UI_CAPABILITY = { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } } };

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ clock: 'manual', rateLimit: false, tenants: [credentials] });
});
afterAll(async () => {
  await sandbox?.close();
});

async function connect(ui: boolean, deps: Partial<ServerDeps> = {}) {
  const clock = sandbox.clock;
  const hub = new InboxHub({ baseUrl: sandbox.url, ...credentials, maxRetries: 0 });
  const server = createServer({
    hub,
    secrets: [credentials.apiKey, credentials.password],
    ...(clock ? { now: () => clock.now() } : {}),
    ...deps,
  });
  const client = new Client(
    { name: 'card-test', version: '0.0.0' },
    ui ? { capabilities: UI_CAPABILITY } : undefined,
  );
  const notifications: string[] = [];
  client.fallbackNotificationHandler = async (notification) => {
    notifications.push(notification.method);
  };
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  return {
    client,
    notifications,
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

describe('clients without MCP Apps', () => {
  it('see exactly the tools, resources and results of a server without the card', async () => {
    const plain = await connect(false);
    const off = await connect(false, { card: 'off' });
    try {
      const [tools, toolsOff] = [await plain.client.listTools(), await off.client.listTools()];
      expect(tools).toEqual(toolsOff);
      // Every tool but create_connect_link, which needs the dashboard (not configured here).
      expect(tools.tools.map((t) => t.name).sort()).toEqual(
        TOOL_NAMES.filter((name) => name !== 'create_connect_link').sort(),
      );
      expect(JSON.stringify(tools)).not.toContain('ui://');
      expect(await plain.client.listResources()).toEqual(await off.client.listResources());
      expect(await plain.client.listResourceTemplates()).toEqual(await off.client.listResourceTemplates());

      // The same calls on twin sessions: identical results but for the session id and the QR itself.
      const mine = await plain.call('setup_session', { sessionId: 'plain_a', phoneNumber: '34700000001' });
      const theirs = await off.call('setup_session', { sessionId: 'plain_b', phoneNumber: '34700000002' });
      const normalise = (result: CallToolResult) =>
        JSON.stringify(result)
          .replace(/plain_[ab]/g, 'ID')
          .replace(/3470000000[12]/g, 'PHONE')
          .replace(/"data":"[^"]+"/, '"data":"PNG"')
          .replace(/"id":\d+/g, '"id":0')
          .replace(/\\"id\\":\d+/g, '\\"id\\":0');
      expect(normalise(mine)).toBe(normalise(theirs));
      const image = mine.content.find((block) => block.type === 'image');
      expect(image?.type === 'image' && image.data.startsWith(PNG_BASE64_PREFIX)).toBe(true);
      expect(mine.structuredContent?.nextStep).toMatch(
        /^Show this QR to the user now .* call wait_for_connection/,
      );
      const qr = await plain.call('get_qr_code', { sessionId: 'plain_a' });
      expect(qr.content.map((block) => block.type)).toEqual(['text', 'image']);

      const refused = await plain.call('card_state', { sessionId: 'plain_a' });
      expect(refused.isError).toBe(true);
      await expect(plain.client.readResource({ uri: CONNECT_CARD_URI })).rejects.toThrow();
      expect(plain.notifications).toEqual([]);
    } finally {
      await plain.close();
      await off.close();
    }
  });
});

describe('clients that render MCP Apps', () => {
  it('get the card: a ui:// resource with a strict CSP, declared by the three QR tools, and app-only card tools', async () => {
    const ui = await connect(true);
    try {
      const { tools } = await ui.client.listTools();
      const meta = Object.fromEntries(tools.map((t) => [t.name, t._meta?.ui]));
      for (const name of ['setup_session', 'get_qr_code', 'wait_for_connection']) {
        expect(meta[name], name).toEqual({ resourceUri: CONNECT_CARD_URI });
        expect(tools.find((t) => t.name === name)?._meta?.['ui/resourceUri']).toBe(CONNECT_CARD_URI);
      }
      for (const name of ['card_state', 'card_retry']) {
        expect(meta[name], name).toEqual({ resourceUri: CONNECT_CARD_URI, visibility: ['app'] });
      }
      // The model-facing tools are unchanged otherwise, and the others declare no UI.
      expect(
        tools
          .filter((t) => t._meta?.ui !== undefined)
          .map((t) => t.name)
          .sort(),
      ).toEqual(['card_retry', 'card_state', 'get_qr_code', 'setup_session', 'wait_for_connection'].sort());

      const { resources } = await ui.client.listResources();
      const listed = resources.find((r) => r.uri === CONNECT_CARD_URI);
      expect(listed).toMatchObject({ mimeType: RESOURCE_MIME_TYPE });
      const read = await ui.client.readResource({ uri: CONNECT_CARD_URI });
      const [content] = read.contents;
      expect(content).toMatchObject({
        uri: CONNECT_CARD_URI,
        mimeType: 'text/html;profile=mcp-app',
        _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
      });
      const html = content && 'text' in content ? content.text : '';
      // One self-contained file: its own CSP forbids every origin, and nothing is loaded from anywhere.
      expect(html).toContain("connect-src 'none'");
      expect(html).toContain("default-src 'none'");
      expect(html).not.toMatch(
        /<script[^>]+src=|<link[^>]+href=|https?:\/\/[a-z0-9.-]+\.[a-z]{2,}\/[^\s"']*\.(js|css)/i,
      );
      expect(html).not.toContain(canary.apiKey);
    } finally {
      await ui.close();
    }
  });

  it('hand the QR to the card: no image for the model, a next step that names no tool, and card_state serves it', async () => {
    const ui = await connect(true);
    try {
      const setup = await ui.call('setup_session', { sessionId: 'ui_a', phoneNumber: '34700000003' });
      expect(setup.isError).toBeFalsy();
      expect(setup.content.map((block) => block.type)).toEqual(['text']);
      expect(setup.structuredContent).toMatchObject({
        session: { sessionId: 'ui_a', status: 'pending' },
        qr: { sessionId: 'ui_a', expiresInSeconds: 60 },
        nextStep: CARD_NEXT_STEP,
      });
      const qrTool = await ui.call('get_qr_code', { sessionId: 'ui_a' });
      expect(qrTool.structuredContent?.nextStep).toBe(CARD_NEXT_STEP);
      expect(qrTool.content.map((block) => block.type)).toEqual(['text']);

      const state = await ui.call('card_state', { sessionId: 'ui_a', withName: true });
      expect(state.structuredContent).toMatchObject({
        sessionId: 'ui_a',
        name: expect.any(String),
        status: 'pending',
        qr: { expiresInSeconds: 60 },
        serverTime: new Date(sandbox.clock?.now() ?? 0).toISOString(),
        canRetry: true,
        phoneCheck: { expected: '34700000003', matches: null },
      });
      const image = state.content.find((block) => block.type === 'image');
      expect(image?.type === 'image' && image.data.startsWith(PNG_BASE64_PREFIX)).toBe(true);

      sandbox.phone.scan({ sessionId: 'ui_a' }, { phoneNumber: '34700000004' });
      const connected = await ui.call('card_state', { sessionId: 'ui_a' });
      expect(connected.structuredContent).toMatchObject({
        status: 'connected',
        name: null,
        phoneCheck: { expected: '34700000003', actual: '34700000004', matches: false },
      });
      expect(connected.content.map((block) => block.type)).toEqual(['text']);
      const everything = JSON.stringify([setup, qrTool, state, connected]);
      for (const secret of [canary.apiKey, canary.password]) expect(everything).not.toContain(secret);
      expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./);
    } finally {
      await ui.close();
    }
  });

  it('card_retry starts a new connection for a session in error, and answers a bad id with a sentence', async () => {
    const ui = await connect(true);
    try {
      await ui.call('setup_session', { sessionId: 'ui_retry' });
      sandbox.clock?.advance(60_000 + 4 * 20_000 + 1_000);
      expect((await ui.call('card_state', { sessionId: 'ui_retry' })).structuredContent).toMatchObject({
        status: 'error',
      });
      const retried = await ui.call('card_retry', { sessionId: 'ui_retry' });
      expect(retried.structuredContent).toMatchObject({ status: 'pending', qr: { expiresInSeconds: 60 } });
      const missing = await ui.call('card_state', { sessionId: 'no_such_session' });
      expect(missing.isError).toBe(true);
      const bad = await ui.call('card_state', { sessionId: 'bad id' });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toMatch(/sessionId may contain only letters/);
    } finally {
      await ui.close();
    }
  });

  it('read-only mode keeps the card but not "Try again"; an allow-list without a QR tool has no card', async () => {
    const readOnly = await connect(true, { readOnly: true });
    const listOnly = await connect(true, { allowedTools: ['list_sessions'] });
    const forced = await connect(false, { card: 'on' });
    try {
      const names = (await readOnly.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(['card_state', 'get_qr_code', 'get_session_status', 'list_sessions']);
      await readOnly.call('get_qr_code', { sessionId: 'ui_retry' });
      expect((await readOnly.call('card_state', { sessionId: 'ui_retry' })).structuredContent).toMatchObject({
        canRetry: false,
      });
      expect((await listOnly.client.listTools()).tools.map((t) => t.name)).toEqual(['list_sessions']);
      expect(JSON.stringify(await listOnly.client.listResources())).not.toContain('ui://');
      // `on` (for stateless HTTP) offers the card without asking the client, so a client that does not
      // draw it still gets the QR image and the usual next step.
      expect((await forced.client.listTools()).tools.map((t) => t.name)).toContain('card_state');
      const forcedQr = await forced.call('get_qr_code', { sessionId: 'ui_retry' });
      expect(forcedQr.content.map((block) => block.type)).toEqual(['text', 'image']);
      expect(JSON.stringify(forcedQr.structuredContent)).not.toContain('connect card');
    } finally {
      await readOnly.close();
      await listOnly.close();
      await forced.close();
    }
  });

  it('follows the allow-list: no card without a tool that reads any QR, and no "Try again" without connect_session', async () => {
    const setupOnly = await connect(true, { allowedTools: ['setup_session', 'get_session_status'] });
    const noConnect = await connect(true, {
      allowedTools: ['setup_session', 'get_qr_code', 'get_session_status'],
    });
    try {
      // card_state would hand out any pending session's QR, which setup_session alone does not.
      expect((await setupOnly.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        'get_session_status',
        'setup_session',
      ]);
      expect(JSON.stringify(await setupOnly.client.listTools())).not.toContain('ui://');
      // card_retry is connect_session's data; setup_session cannot reconnect an existing session.
      expect((await noConnect.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        'card_state',
        'get_qr_code',
        'get_session_status',
        'setup_session',
      ]);
    } finally {
      await setupOnly.close();
      await noConnect.close();
    }
  });

  it('follows the allow-list: no card without get_session_status, and no session name without list_sessions', async () => {
    // card_state tells a session's status and phone (get_session_status's data) and, on request, its name
    // (list data): hosts do not enforce app-only visibility, so the card must not reach past the allow-list.
    const qrOnly = await connect(true, { allowedTools: ['get_qr_code'] });
    const noList = await connect(true, { allowedTools: ['get_qr_code', 'get_session_status'] });
    try {
      await noList.call('get_qr_code', { sessionId: 'ui_a' });
      expect((await qrOnly.client.listTools()).tools.map((t) => t.name)).toEqual(['get_qr_code']);
      expect(JSON.stringify(await qrOnly.client.listTools())).not.toContain('ui://');
      const plainQr = await qrOnly.call('get_qr_code', { sessionId: 'ui_retry' });
      expect(plainQr.isError).toBeFalsy();
      expect(plainQr.content.map((block) => block.type)).toContain('image');
      const refused = await qrOnly.call('card_state', { sessionId: 'ui_a', withName: true });
      expect(refused.isError).toBe(true);

      expect((await noList.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        'card_state',
        'get_qr_code',
        'get_session_status',
      ]);
      const { resources } = await noList.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual([CONNECT_CARD_URI]);
      const state = await noList.call('card_state', { sessionId: 'ui_a', withName: true });
      expect(state.structuredContent).toMatchObject({ sessionId: 'ui_a', name: null });
    } finally {
      await qrOnly.close();
      await noList.close();
    }
  });

  it('registers the card resource before connecting but opens it only to a client that renders MCP Apps', async () => {
    // The SDK cannot add the resources capability once connected, so the resource is there from the start,
    // disabled: a client without MCP Apps neither lists nor reads it.
    const ui = await connect(true, { allowedTools: ['get_qr_code', 'get_session_status'] });
    const plain = await connect(false, { allowedTools: ['get_qr_code', 'get_session_status'] });
    try {
      expect((await ui.client.readResource({ uri: CONNECT_CARD_URI })).contents).toHaveLength(1);
      expect((await plain.client.listResources()).resources).toEqual([]);
      await expect(plain.client.readResource({ uri: CONNECT_CARD_URI })).rejects.toThrow();
    } finally {
      await ui.close();
      await plain.close();
    }
  });
});

describe('INBOX_HUB_MCP_CARD', () => {
  const env = { INBOX_HUB_BASE_URL: 'http://127.0.0.1:4010', INBOX_HUB_API_KEY: 'ihk_test_key' };
  const card = (value?: string) => {
    const command = parseCommand([], value === undefined ? env : { ...env, INBOX_HUB_MCP_CARD: value });
    return command.kind === 'run' ? command.config.card : undefined;
  };

  it('defaults to auto and reads auto, on and off in any case', () => {
    expect(card()).toBe('auto');
    expect(card('ON')).toBe('on');
    expect(card(' off ')).toBe('off');
  });

  it('refuses anything else with the accepted values', () => {
    expect(() => card('yes')).toThrow(ConfigError);
    expect(() => card('yes')).toThrow(/INBOX_HUB_MCP_CARD must be one of auto, on, off, got "yes"/);
  });
});
