/**
 * The relay's HTTP side, for dashboards: `GET /events` streams the outbox's events as Server-Sent Events
 * (resuming after `Last-Event-ID`), `GET /health` says whether the relay runs and whether it is the poller.
 * Bound to loopback by default; `/events` asks for a bearer token when one is configured.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WATCH_EVENT_TYPES } from '@inbox-hub/client';
import { describeError, type Logger } from '../logger.js';
import type { Outbox, StoredEvent } from '../storage/outbox.js';

/** Options of {@link startHttpServer}. */
export interface HttpOptions {
  outbox: Outbox;
  host: string;
  port: number;
  /** Bearer token `/events` asks for; open (on loopback) when undefined. */
  token?: string | undefined;
  /** What `/health` reports. */
  health: () => Record<string, unknown>;
  /** Registers a listener called when this instance stored events; returns its removal. */
  subscribe: (listener: () => void) => () => void;
  /** How often a stream looks for events stored by other instances. Default 1 000 ms. */
  pollMs?: number | undefined;
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 000 ms. */
  heartbeatMs?: number | undefined;
  logger: Logger;
}

/** A listening HTTP server. */
export interface RunningHttp {
  url: string;
  /** Ends the open streams and stops listening. */
  close(): Promise<void>;
}

const BATCH = 200;

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `Last-Event-ID` (header, or `lastEventId` in the query for clients that cannot set headers). */
function resumeFrom(req: IncomingMessage, url: URL): number | undefined | 'invalid' {
  const raw = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined;
  if (raw === undefined || raw === '') return undefined;
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : 'invalid';
}

function frame(event: StoredEvent): string {
  // The body is one line of JSON (no raw newlines), so one data: line carries it.
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${event.body}\n\n`;
}

/** Waits until a full buffer drains, or the client goes away (then nothing will ever drain it). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Starts the HTTP server; resolves once it listens. */
export async function startHttpServer(options: HttpOptions): Promise<RunningHttp> {
  const streams = new Set<() => void>();
  const pollMs = options.pollMs ?? 1_000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;

  const stream = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const from = resumeFrom(req, url);
    if (from === 'invalid') {
      return json(res, 400, {
        error:
          'Last-Event-ID must be the id of an event this stream sent (a whole number); omit it to start now.',
      });
    }
    const typesParam = url.searchParams.get('types');
    const types = typesParam ? new Set(typesParam.split(',').map((t) => t.trim())) : undefined;
    const unknown = types
      ? [...types].filter((t) => !(WATCH_EVENT_TYPES as readonly string[]).includes(t))
      : [];
    if (unknown.length > 0) {
      return json(res, 400, { error: `types: unknown event type(s); use ${WATCH_EVENT_TYPES.join(', ')}.` });
    }
    const newest = await options.outbox.lastSeq();
    // An id past the newest event (the outbox was replaced) would wait forever: start from now instead.
    let seq = from === undefined || from > newest ? newest : from;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    let open = true;
    let wake: (() => void) | undefined;
    const end = () => {
      open = false;
      wake?.();
    };
    streams.add(end);
    // The response closes when the client goes away (the request itself is long finished).
    res.on('close', end);
    const unsubscribe = options.subscribe(() => wake?.());
    let lastWrite = Date.now();
    try {
      while (open) {
        const events = await options.outbox.eventsAfter(seq, BATCH);
        for (const event of events) {
          seq = event.seq;
          if (types && !types.has(event.type)) continue;
          if (!res.write(frame(event))) await drained(res);
          lastWrite = Date.now();
        }
        if (events.length === BATCH) continue;
        if (Date.now() - lastWrite >= heartbeatMs) {
          res.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          };
          const timer = setTimeout(done, pollMs);
          wake = done;
        });
      }
    } catch (error) {
      options.logger.warn(`an event stream ended: ${describeError(error)}`);
    } finally {
      unsubscribe();
      streams.delete(end);
      res.end();
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return json(res, 405, { error: 'Only GET is served here.' }, { allow: 'GET' });
    }
    if (url.pathname === '/health') return json(res, 200, { status: 'ok', ...options.health() });
    if (url.pathname === '/events') {
      if (!authorized(req, options.token)) {
        return json(
          res,
          401,
          { error: 'Send the relay\'s SSE token as "Authorization: Bearer <token>".' },
          { 'www-authenticate': 'Bearer' },
        );
      }
      stream(req, res, url).catch((error: unknown) => {
        // Before the stream starts (the outbox could not be read): say so, rather than crash the relay.
        options.logger.warn(`an event stream could not start: ${describeError(error)}`);
        if (!res.headersSent) json(res, 503, { error: 'The relay could not read its outbox; try again.' });
        else res.end();
      });
      return;
    }
    json(res, 404, { error: 'Not found: the relay serves GET /events and GET /health.' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      for (const end of streams) end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
