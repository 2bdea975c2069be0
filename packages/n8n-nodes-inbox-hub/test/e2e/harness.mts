/**
 * End-to-end harness: a gate in front of Prism (records requests, turns `e2e_missing` ids into Prism's
 * 404 example, and collects what workflows post back), an SMTP sink, and the n8n home of this package's
 * tests (n8n itself is run by `@inbox-hub/contract-testing`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type N8nHome, n8nHome } from '@inbox-hub/contract-testing';

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  apiKey: string | undefined;
  bearer: boolean;
  body: string;
  violations: string | null;
}

export interface Gate {
  url: string;
  requests: SeenRequest[];
  collected: Record<string, unknown>[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** Starts the gate on a free port in front of `upstream` (Prism). */
export async function startGate(upstream: string): Promise<Gate> {
  const gate: Gate = { url: '', requests: [], collected: [], stop: async () => {} };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = req.url ?? '/';
      if (url === '/__collect') {
        gate.collected.push(JSON.parse(body || '{}'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || HOP_HEADERS.has(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      if (url.includes('e2e_missing')) headers.set('prefer', 'code=404');
      const method = req.method ?? 'GET';
      const upstreamResponse = await fetch(upstream + url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' || body === '' ? undefined : body,
      });
      const text = await upstreamResponse.text();
      const path = url.split('?')[0] ?? url;
      gate.requests.push({
        method,
        path,
        status: upstreamResponse.status,
        apiKey: req.headers['x-api-key'] as string | undefined,
        bearer: /^Bearer \S+/.test(String(req.headers.authorization ?? '')),
        body,
        violations: upstreamResponse.headers.get('sl-violations'),
      });
      res
        .writeHead(upstreamResponse.status, {
          'content-type': upstreamResponse.headers.get('content-type') ?? 'application/json',
          'x-request-id': `req_e2e_${gate.requests.length}`,
        })
        .end(text);
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  gate.url = `http://127.0.0.1:${port}`;
  gate.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return gate;
}

/** An n8n home that loads the given extracted package as a custom extension. */
export function extensionHome(extensionDir: string): Promise<N8nHome> {
  return n8nHome({
    env: { N8N_CUSTOM_EXTENSIONS: extensionDir, N8N_DEFAULT_BINARY_DATA_MODE: 'default' },
  });
}

/** Polls `check` until it returns true or the time runs out. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A received e-mail: the raw SMTP DATA. */
export interface Mail {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server (no TLS, no auth) that accepts every message, so the onboarding example's
 * Send Email node runs for real and the test can read what it sent.
 */
export async function startSmtp(): Promise<{ port: number; mails: Mail[]; stop(): Promise<void> }> {
  const { createServer: createTcpServer } = await import('node:net');
  const mails: Mail[] = [];
  const server = createTcpServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: Mail = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost ESMTP e2e');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 OK queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-localhost\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') {
          current.from = line;
          reply('250 OK');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('250 OK');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, mails, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
