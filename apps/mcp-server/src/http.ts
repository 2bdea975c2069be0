/**
 * Streamable HTTP, stateless: each POST gets a fresh server and transport, so any instance behind a load
 * balancer can answer any request. Before MCP sees a request, it must come from an allowed Origin (DNS
 * rebinding protection: 403 otherwise) and carry the bearer token when one is configured (401 otherwise).
 * One of the few files that import the MCP SDK.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from './logger.js';

/** Options of {@link startHttpServer}. */
export interface HttpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Builds the MCP server for one request. */
  createMcpServer: () => McpServer;
  /** Required bearer token, if any. */
  token?: string | undefined;
  /** Allowed browser origins; `undefined` allows loopback origins only. */
  allowedOrigins?: readonly string[] | undefined;
  logger: Logger;
}

/** A running HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint, such as `http://127.0.0.1:3333/mcp`. */
  url: string;
  close(): Promise<void>;
}

/** The path MCP is served on. */
export const MCP_PATH = '/mcp';
const LOOPBACK_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Starts the HTTP server and resolves once it listens. */
export async function startHttpServer(options: HttpOptions): Promise<RunningHttpServer> {
  const http = createHttpServer((req, res) => {
    handle(req, res, options).catch((error) => {
      options.logger.error('HTTP request failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal server error.');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host =
    options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}${MCP_PATH}`, close: () => closeServer(http) };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  if (path !== MCP_PATH) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found. The MCP endpoint is ${MCP_PATH}.\n`);
    return;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, options.allowedOrigins)) {
    options.logger.warn('Refused a request from a disallowed Origin', { origin });
    sendJsonRpcError(
      res,
      403,
      -32000,
      'Forbidden: this Origin is not allowed (set INBOX_HUB_MCP_ALLOWED_ORIGINS).',
    );
    return;
  }
  if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="inbox-hub-mcp"');
    sendJsonRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <INBOX_HUB_MCP_TOKEN>.');
    return;
  }
  if (req.method !== 'POST') {
    // Stateless: there is no session to open a GET stream on or to DELETE.
    res.setHeader('Allow', 'POST');
    sendJsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless; send POST requests.');
    return;
  }

  const server = options.createMcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

function originAllowed(origin: string, allowed: readonly string[] | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed !== undefined) return allowed.includes(url.origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_ORIGIN_HOSTS.has(url.hostname);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(token);
  // Compare in constant time so the token cannot be guessed byte by byte from response times.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function closeServer(http: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    http.close((error) => (error ? reject(error) : resolve()));
    http.closeAllConnections();
  });
}
