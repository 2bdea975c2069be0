/**
 * A CRM's webhook endpoint for tests: a real HTTP server that verifies each request with the
 * `standardwebhooks` library, records it, and answers as the test's plan says (fail 10%, be slow, ...).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  body: string;
  /** The signature verified with the endpoint's secret. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
  at: number;
  userAgent: string | undefined;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer only once this settles (a slow CRM). */
  after?: Promise<unknown>;
  /** Never answer. */
  hang?: boolean;
  /** Stream an endless body after the head. */
  endless?: boolean;
}

export interface ReceiverOptions {
  secret: string;
  /** Decides each answer; `n` counts requests from 1. Default 204. */
  respond?: (request: { id: string; body: string; n: number }) => Answer;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Requests answered 2xx, by webhook id. */
  accepted(): Map<string, Received[]>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const verifier = new Webhook(options.secret);
  const requests: Received[] = [];
  const open = new Set<ServerResponse>();
  let n = 0;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const header = (name: string) => String(req.headers[name] ?? '');
    let verified = false;
    try {
      verifier.verify(body, {
        'webhook-id': header('webhook-id'),
        'webhook-timestamp': header('webhook-timestamp'),
        'webhook-signature': header('webhook-signature'),
      });
      verified = true;
    } catch {
      verified = false;
    }
    const answer = options.respond?.({ id: header('webhook-id'), body, n: ++n }) ?? { status: 204 };
    const record: Received = {
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      body,
      verified,
      status: answer.status,
      at: Date.now(),
      userAgent: req.headers['user-agent'],
    };
    requests.push(record);
    if (answer.hang) {
      open.add(res);
      return;
    }
    if (answer.after) await answer.after;
    if (answer.endless) {
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      open.add(res);
      const chunk = 'x'.repeat(16_384);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/inbox-hub`,
    requests,
    accepted() {
      const byId = new Map<string, Received[]>();
      for (const r of requests) {
        if (r.status < 200 || r.status >= 300) continue;
        byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      }
      return byId;
    },
    async close() {
      for (const res of open) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
