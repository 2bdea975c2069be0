/**
 * A test host for the connect card: a real MCP `Client` that says it renders MCP Apps, connected to the
 * real server (`createServer`) whose client talks to the sandbox, and a Chromium page that shows the card
 * the way a chat client does (../host-page/host-page.ts). The "model" is the test: it calls tools through
 * {@link CardHost.callAsModel}; every call the card makes goes through the page's AppBridge to Node.
 */
import { mkdirSync } from 'node:fs';
import { InboxHub } from '@inbox-hub/client';
import { decodeQrImage, type RunningSandbox } from '@inbox-hub/sandbox';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { build } from 'esbuild';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { createServer } from '../../src/server.js';
import type { MountOptions } from '../host-page/mount-options.js';

let pageScript: Promise<string> | undefined;

/** The host page's script, bundled once per run. */
function hostPageScript(): Promise<string> {
  pageScript ??= build({
    entryPoints: [new URL('../host-page/host-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return pageScript;
}

// Written only when asked (`pnpm screenshots`), so a test run leaves the work tree as it found it.
const SCREENSHOTS =
  process.env.MCP_CARD_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url) : undefined;

/** Options of {@link openCardHost}. */
export interface CardHostOptions {
  browser: Browser;
  sandbox: RunningSandbox;
  credentials: { apiKey: string; email: string; password: string };
  /** The host's locale (BCP 47), as MCP Apps passes it in the host context. Default `en-US`. */
  locale?: string;
}

/** A running test host. */
export interface CardHost {
  page: Page;
  /** The card's frame. */
  card: FrameLocator;
  /** Tools the model called. */
  modelCalls: string[];
  /** Tools the card called through the host. */
  appCalls: string[];
  /** Every postMessage between host and card, as JSON. */
  traffic: string[];
  /** Every network request the page or the card made. */
  requests: string[];
  /** Console errors (a CSP violation shows up here). */
  consoleErrors: string[];
  /** Every access token the server's client obtained by logging in (so tests can look for them). */
  jwts: string[];
  /** Calls a tool as the model would and, if the tool declares a UI, shows the card with its result. */
  callAsModel(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Decodes the QR the card draws right now (a screenshot of it, read as a camera would). */
  drawnQr(): Promise<string | undefined>;
  /** The sandbox's current QR payload for a session. */
  currentQr(sessionId: string): Promise<string | undefined>;
  /** Saves a screenshot of the card as docs/screenshots/<name>.png when MCP_CARD_SCREENSHOTS=1. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a page and a real MCP client/server pair for one test. */
export async function openCardHost(options: CardHostOptions): Promise<CardHost> {
  const { sandbox, credentials } = options;
  const jwts: string[] = [];
  const hub = new InboxHub({
    baseUrl: sandbox.url,
    ...credentials,
    maxRetries: 0,
    // Notes every token the login hands out, so the leak checks look for the real ones.
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const response = await fetch(input, init);
      if (new URL(url).pathname === '/api/auth/login' && response.ok) {
        const body = (await response.clone().json()) as { data?: { accessToken?: string } };
        if (body.data?.accessToken) jwts.push(body.data.accessToken);
      }
      return response;
    },
  });
  const clock = sandbox.clock;
  const server = createServer({
    hub,
    secrets: [credentials.apiKey, credentials.password],
    ...(clock ? { now: () => clock.now() } : {}),
  });
  const client = new Client(
    { name: 'inbox-hub-card-test-host', version: '1.0.0' },
    { capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } } } },
  );
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const { tools } = await client.listTools();

  const context = await options.browser.newContext({
    viewport: { width: 392, height: 470 },
    deviceScaleFactor: 2,
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const host: CardHost = {
    page,
    card: page.frameLocator('iframe'),
    modelCalls: [],
    appCalls: [],
    traffic: [],
    requests: [],
    consoleErrors: [],
    jwts,
    async callAsModel(name, args) {
      host.modelCalls.push(name);
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const uri = uiOf(tools.find((t) => t.name === name))?.resourceUri;
      if (uri) await mount(uri, args, result);
      return result;
    },
    async drawnQr() {
      const image = host.card.locator('#qr');
      if (!(await image.isVisible())) return undefined;
      // The sandbox's decoder is the one its simulated phone scans with (pngjs + jsQR).
      return decodeQrImage(await image.screenshot());
    },
    async currentQr(sessionId) {
      const response = await fetch(`${sandbox.url}/sandbox/sessions`, {
        headers: { 'x-api-key': credentials.apiKey },
      });
      const body = (await response.json()) as {
        data: { sessions: Array<{ sessionId: string; qr: { payload: string } | null }> };
      };
      return body.data.sessions.find((s) => s.sessionId === sessionId)?.qr?.payload;
    },
    async shot(name) {
      if (!SCREENSHOTS) return;
      mkdirSync(SCREENSHOTS, { recursive: true });
      await host.card.locator('#card').screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
    },
    async close() {
      await context.close();
      await client.close();
      await server.close();
    },
  };

  page.on('request', (request) => host.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') host.consoleErrors.push(message.text());
  });
  await page.exposeFunction('hostRecord', (direction: string, json: string) => {
    host.traffic.push(`${direction} ${json}`);
  });
  await page.exposeFunction(
    'hostCallTool',
    async (params: { name: string; arguments?: Record<string, unknown> }) => {
      host.appCalls.push(params.name);
      // MCP Apps: a view may call only the tools whose visibility includes "app".
      const visibility = uiOf(tools.find((t) => t.name === params.name))?.visibility ?? ['model', 'app'];
      if (!visibility.includes('app')) throw new Error(`The card may not call ${params.name}.`);
      return client.callTool(params);
    },
  );
  await page.setContent(
    '<!doctype html><html><head><title>test host</title></head><body style="margin:0"></body></html>',
  );
  await page.addScriptTag({ content: await hostPageScript() });

  async function mount(uri: string, args: Record<string, unknown>, result: CallToolResult): Promise<void> {
    const resource = await client.readResource({ uri });
    const content = resource.contents[0];
    if (!content || !('text' in content)) throw new Error(`${uri} has no HTML.`);
    const csp = (content._meta?.ui as { csp?: MountOptions['csp'] } | undefined)?.csp;
    const mountOptions: MountOptions = {
      html: content.text,
      csp,
      toolInput: args,
      toolResult: result,
      locale: options.locale ?? 'en-US',
    };
    await page.evaluate(
      (o) => (globalThis as unknown as { mountCard(o: MountOptions): Promise<void> }).mountCard(o),
      mountOptions,
    );
  }

  return host;
}

function uiOf(tool: Tool | undefined): { resourceUri?: string; visibility?: string[] } | undefined {
  return tool?._meta?.ui as { resourceUri?: string; visibility?: string[] } | undefined;
}
