import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CRM endpoint for the relay benchmarks: answers 204 after `latencyMs`, records when each event arrived. */
export interface WebhookSink {
  url: string;
  /** Arrivals answered 2xx: webhook-id → the time it first arrived (performance.now()), and its body. */
  arrivals: Map<string, { at: number; body: string }>;
  requests: number;
  close(): Promise<void>;
}

export async function startWebhookSink(latencyMs = 0): Promise<WebhookSink> {
  const arrivals = new Map<string, { at: number; body: string }>();
  const sink = { requests: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sink.requests++;
      const id = String(req.headers['webhook-id']);
      if (!arrivals.has(id))
        arrivals.set(id, { at: performance.now(), body: Buffer.concat(chunks).toString() });
      const answer = () => res.writeHead(204).end();
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    arrivals,
    get requests() {
      return sink.requests;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
