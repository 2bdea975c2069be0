import { InboxHub } from '@inbox-hub/client';
import { canary, violationCheckingFetch } from '@inbox-hub/contract-testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { inject } from 'vitest';
import { createServer, type ServerDeps } from '../src/server.js';

/** A real MCP client connected in memory to a server whose hub talks to Prism (or the test base URL). */
export interface Harness {
  client: Client;
  hub: InboxHub;
  /** Fails the test if Prism reported a contract violation. */
  assertNoViolations(): void;
  close(): Promise<void>;
}

/** Options of {@link connect}. */
export interface HarnessOptions extends Partial<Omit<ServerDeps, 'hub'>> {
  /** Wraps the violation-checking fetch, to add Prism `Prefer` headers or rewrite answers. */
  wrapFetch?: (inner: typeof fetch) => typeof fetch;
  baseUrl?: string;
  apiKey?: string;
  email?: string;
  password?: string;
}

/** Connects a real `Client` to `createServer()` over `InMemoryTransport.createLinkedPair()`. */
export async function connect(options: HarnessOptions = {}): Promise<Harness> {
  const { wrapFetch, baseUrl, apiKey, email, password, ...deps } = options;
  const checked = violationCheckingFetch();
  const hub = new InboxHub({
    baseUrl: baseUrl ?? inject('baseUrl'),
    apiKey: apiKey ?? canary.apiKey,
    email,
    password,
    fetch: wrapFetch ? wrapFetch(checked.fetch) : checked.fetch,
    maxRetries: 0,
  });
  const server = createServer({ hub, secrets: [apiKey ?? canary.apiKey, password], ...deps });
  const client = new Client({ name: 'inbox-hub-mcp-test', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    hub,
    assertNoViolations: () => checked.assertNone(),
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** Adds Prism's `Prefer` header (for example `code=409, example=phoneInUse`) to requests matching `path`. */
export function prefer(value: string, path: RegExp = /./): (inner: typeof fetch) => typeof fetch {
  return (inner) => async (input, init) => {
    const request = new Request(input, init);
    if (!path.test(new URL(request.url).pathname)) return inner(request);
    const headers = new Headers(request.headers);
    headers.set('Prefer', value);
    return inner(new Request(request, { headers }));
  };
}

/** Calls a tool and returns its result typed as a `CallToolResult`. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options?: Parameters<Client['callTool']>[2],
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
}

/** The text of a result's first text block. */
export function text(result: CallToolResult): string {
  const block = result.content.find((c) => c.type === 'text');
  if (block?.type !== 'text') throw new Error('The result has no text block.');
  return block.text;
}

/** The structured content of a successful result, failing loudly on an error result. */
export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`The tool failed: ${text(result)}`);
  if (!result.structuredContent) throw new Error('The result has no structuredContent.');
  return result.structuredContent as T;
}

/** The PNG magic number, base64-encoded: every QR image block must start with it. */
export const PNG_BASE64_PREFIX = 'iVBORw0KGgo';

/** Rewrites the `status` of every status answer (Prism's example is always `connected`). */
export function rewriteStatus(next: () => string): (inner: typeof fetch) => typeof fetch {
  return (inner) => async (input, init) => {
    const response = await inner(input, init);
    const url = new URL(new Request(input, init).url);
    if (!/\/status$/.test(url.pathname) || !response.ok) return response;
    const body = (await response.json()) as {
      data: { status: string; isConnected: boolean; hasQR: boolean };
    };
    const status = next();
    body.data = { ...body.data, status, isConnected: status === 'connected', hasQR: status === 'pending' };
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
}
