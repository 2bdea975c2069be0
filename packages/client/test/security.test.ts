/**
 * Attacks from the outside security review (issue #11) on the client: a hostile or misconfigured server
 * must not get the credentials sent on elsewhere, make the client read without bound, or plant a secret
 * in an error through the fields it echoes. Each runs over real HTTP on loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertNoCanary, canary, fakeJwt, securityLog } from '@inbox-hub/contract-testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InboxHub, type InboxHubError } from '../src/index.js';

const security = securityLog('client', 'client');
afterAll(() => security.write());

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Loopback {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server on `host` that records every request and answers with `handler`. */
async function serve(
  host: string,
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<Loopback> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const loopback: Loopback = {
    url: `http://${host}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(loopback);
  return loopback;
}

const token = fakeJwt(Math.floor(Date.now() / 1000) + 86_400);
const creds = { apiKey: canary.apiKey, email: canary.email, password: canary.password };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('#11.1 redirects never carry the credentials to another origin', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`#11.1 an HTTP ${status} to another origin: refused with a typed error, nothing reaches it`, () =>
      security.check(
        '#11.1',
        `the API answers ${status} pointing at another origin (login, list and create)`,
        'no request reaches the other origin; a typed error names it and says to fix INBOX_HUB_BASE_URL',
        async () => {
          const attacker = await serve('127.0.0.2', (_req, res) => sendJson(res, 200, { success: true }));
          const api = await serve('127.0.0.1', (req, res) => {
            res.writeHead(status, { location: `${attacker.url}${req.url}` });
            res.end();
          });
          const hub = new InboxHub({ baseUrl: api.url, ...creds, maxRetries: 2 });

          for (const call of [
            () => hub.sessions.list(),
            () => hub.sessions.create({ sessionId: 'cliente_1', phoneNumber: '34612345678' }),
            () => hub.sessions.connect('cliente_1'),
          ]) {
            const error = (await call().catch((e: unknown) => e)) as InboxHubError;
            expect(error.name).toBe('RedirectError');
            expect(error.kind).toBe('redirect');
            expect(error.message).toContain(attacker.url);
            expect(error.message).toContain('INBOX_HUB_BASE_URL');
            assertNoCanary(error.message, 'the redirect error');
          }
          // Redirects are not retried, and the other origin saw nothing at all: no key, no password.
          expect(attacker.received).toEqual([]);
          expect(api.received.length).toBe(3);
        },
      ));
  }

  it('#11.1 hub.raw does not follow a redirect to another origin either', () =>
    security.check(
      '#11.1',
      'hub.raw GET answered with 307 to another origin',
      'hub.raw refuses the redirect; the other origin receives nothing',
      async () => {
        const attacker = await serve('127.0.0.2', (_req, res) => sendJson(res, 200, {}));
        const api = await serve('127.0.0.1', (req, res) => {
          res.writeHead(307, { location: `${attacker.url}${req.url}` });
          res.end();
        });
        const hub = new InboxHub({ baseUrl: api.url, ...creds });
        const error = (await hub.raw.GET('/api/sessions').catch((e: unknown) => e)) as InboxHubError;
        expect(error.kind).toBe('redirect');
        expect(attacker.received).toEqual([]);
      },
    ));

  it('#11.1 hub.raw has the client default timeout', () =>
    security.check(
      '#11.1',
      'hub.raw against a server that never answers',
      'hub.raw gives up after the client timeout with a TimeoutError',
      async () => {
        const api = await serve('127.0.0.1', () => {
          // never answers
        });
        const hub = new InboxHub({ baseUrl: api.url, apiKey: canary.apiKey, timeoutMs: 300 });
        const error = (await hub.raw.GET('/api/sessions').catch((e: unknown) => e)) as InboxHubError;
        expect(error.kind).toBe('timeout');
        expect(error.message).toMatch(/300 ms/);
      },
    ));
});

describe('#11.7 secrets echoed in error details are scrubbed', () => {
  it('#11.7 a 422 whose details echo the key, password and token', () =>
    security.check(
      '#11.7',
      'the server echoes the API key, password and JWT inside details[].field and details[].message',
      'the error message, details, body and any log line carry [redacted] instead',
      async () => {
        const lines: string[] = [];
        const logger = {
          debug: (m: string, f?: object) => lines.push(m, JSON.stringify(f ?? {})),
          info: (m: string, f?: object) => lines.push(m, JSON.stringify(f ?? {})),
          warn: (m: string, f?: object) => lines.push(m, JSON.stringify(f ?? {})),
          error: (m: string, f?: object) => lines.push(m, JSON.stringify(f ?? {})),
        };
        const api = await serve('127.0.0.1', (req, res) => {
          if (req.url === '/api/auth/login')
            return sendJson(res, 200, { success: true, data: { accessToken: token } });
          sendJson(res, 422, {
            success: false,
            code: 'VALIDATION_ERROR',
            message: 'Invalid input',
            details: [
              { field: `key ${canary.apiKey}`, message: `password ${canary.password} token ${token}` },
              { field: token, message: canary.apiKey },
            ],
          });
        });
        const hub = new InboxHub({ baseUrl: api.url, ...creds, logger });
        const error = (await hub.sessions
          .create({ sessionId: 'cliente_1' })
          .catch((e: unknown) => e)) as InboxHubError & {
          details: unknown;
          field: unknown;
          body: unknown;
        };
        expect(error.kind).toBe('invalid_input');
        const everything = [
          error.message,
          JSON.stringify(error.details),
          String(error.field),
          JSON.stringify(error.body),
          ...lines,
        ].join('\n');
        assertNoCanary(everything, 'the error and the logs');
        expect(everything).not.toContain(token);
        expect(everything).toContain('[redacted]');
      },
    ));
});

describe('#11.13 response bodies are bounded', () => {
  it('#11.13 a 50 MB answer is refused with a typed error, not read whole', () =>
    security.check(
      '#11.13',
      'the server answers the session list with a 50 MB body',
      'the client stops reading at 5 MB and throws ResponseTooLargeError',
      async () => {
        let sent = 0;
        const api = await serve('127.0.0.1', (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(1024 * 1024, 0x20);
          const write = () => {
            while (sent < 50 * 1024 * 1024) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', write);
            }
            res.end();
          };
          write();
        });
        const hub = new InboxHub({ baseUrl: api.url, apiKey: canary.apiKey, maxRetries: 0 });
        const error = (await hub.sessions.list().catch((e: unknown) => e)) as InboxHubError;
        expect(error.name).toBe('ResponseTooLargeError');
        expect(error.kind).toBe('response_too_large');
        expect(error.message).toMatch(/5 MB/);
        // The client stopped reading: back-pressure stalled the writer far short of the 50 MB.
        expect(sent).toBeLessThan(50 * 1024 * 1024);
        // Declared sizes are refused before reading anything.
        const declared = await serve('127.0.0.1', (_req, res) => {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': String(50 * 1024 * 1024),
          });
          res.write('{');
        });
        const hub2 = new InboxHub({
          baseUrl: declared.url,
          apiKey: canary.apiKey,
          maxRetries: 0,
          timeoutMs: 5_000,
        });
        const error2 = (await hub2.sessions.list().catch((e: unknown) => e)) as InboxHubError;
        expect(error2.kind).toBe('response_too_large');
      },
    ));
});
