import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './free-port.js';

/** Every fault the server can produce. */
export const FAULTS = [
  'refused',
  'reset-mid-body',
  'hang',
  'http-500',
  'http-502-html',
  'http-503-retry-after',
  'http-429-retry-after',
  'malformed-json',
  'schema-break',
  'success-false',
  'token-expired-401',
  'slow-body',
] as const;

/** One fault. */
export type Fault = (typeof FAULTS)[number];

/** What the fault server saw: one entry per request that reached it. */
export interface FaultRecord {
  method: string;
  path: string;
  fault: Fault | undefined;
  /** The upstream status, when the request was forwarded. */
  status?: number;
}

/** Decides the fault for a request; `undefined` forwards it untouched. */
export type FaultPlan = (request: { method: string; path: string; index: number }) => Fault | undefined;

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
  /** The server that healthy requests are forwarded to (the sandbox or a Prism mock). */
  upstream: string;
  /** `Retry-After` seconds sent with 429 and 503. Default 0 (retry at once). */
  retryAfterSeconds?: number;
  /** How long a slow body takes to trickle in, in milliseconds. Default 1 500. */
  slowBodyMs?: number;
  /** How long `refused` keeps the port closed, in milliseconds. Default 300. */
  refuseMs?: number;
  /**
   * Maps a request path to the upstream path. Lets one server give each client its own fault by base URL
   * (such as `/cell/3/api/sessions` → `/api/sessions`), for clients whose requests cannot be told apart.
   */
  rewritePath?: (path: string) => string;
}

/** A running fault server. */
export interface FaultServer {
  url: string;
  /** Requests that reached the server, in order. */
  readonly records: FaultRecord[];
  /** Sets the plan for the next requests (replaces the previous one). */
  plan(plan: FaultPlan | undefined): void;
  /** Applies `fault` to the next `count` requests matching `match` (all by default), then forwards again. */
  next(fault: Fault, count?: number, match?: (method: string, path: string) => boolean): void;
  /** Stops the server and every open connection. */
  stop(): Promise<void>;
}

const envelope = (code: string, message: string) => JSON.stringify({ success: false, code, message });

/**
 * A local HTTP server in front of a real Inbox Hub (sandbox or Prism) that turns chosen requests into the
 * faults a network and a busy API produce. Healthy requests are forwarded, so a test sees real data in
 * between faults. `refused` closes the listening port for a moment: the OS itself refuses connections.
 */
export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const upstream = options.upstream.replace(/\/+$/, '');
  const retryAfter = String(options.retryAfterSeconds ?? 0);
  const slowBodyMs = options.slowBodyMs ?? 1_500;
  const refuseMs = options.refuseMs ?? 300;
  const port = await freePort();
  const records: FaultRecord[] = [];
  const sockets = new Set<Socket>();
  let plan: FaultPlan | undefined;
  let index = 0;
  let stopped = false;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = plan?.({ method, path, index: index++ });
    const record: FaultRecord = { method, path, fault };
    records.push(record);
    const body = await readBody(req);

    switch (fault) {
      case 'refused':
        // Answer this one with a reset, and refuse every connection for a moment.
        req.socket.destroy();
        await refuse();
        return;
      case 'hang':
        return; // never answers; the client's timeout must end it
      case 'http-500':
        return send(res, 500, envelope('INTERNAL_ERROR', 'Internal server error'));
      case 'http-502-html':
        return send(res, 502, '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>', 'text/html');
      case 'http-503-retry-after':
        return send(res, 503, envelope('SERVICE_UNAVAILABLE', 'Service temporarily unavailable'), undefined, {
          'Retry-After': retryAfter,
        });
      case 'http-429-retry-after':
        return send(res, 429, envelope('RATE_LIMITED', 'Too many requests'), undefined, {
          'Retry-After': retryAfter,
        });
      case 'malformed-json':
        return send(res, 200, '{"success": true, "data": {"sessions": [');
      case 'schema-break':
        return send(
          res,
          200,
          JSON.stringify({ success: true, data: { sessions: 'none', total: 'many', id: 'x', status: 42 } }),
        );
      case 'success-false':
        return send(res, 200, envelope('INTERNAL_ERROR', 'Operation failed'));
      case 'token-expired-401':
        return send(
          res,
          401,
          envelope('TOKEN_EXPIRED', 'Authentication failed. The access token has expired.'),
        );
      default:
        break;
    }

    const forwarded = await forward(
      method,
      options.rewritePath ? options.rewritePath(path) : path,
      req.headers,
      body,
    );
    record.status = forwarded.status;
    if (fault === 'reset-mid-body') {
      res.writeHead(forwarded.status, {
        'content-type': 'application/json',
        'content-length': String(forwarded.body.length),
      });
      res.write(forwarded.body.subarray(0, Math.floor(forwarded.body.length / 2)));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (fault === 'slow-body') {
      res.writeHead(forwarded.status, {
        ...forwarded.headers,
        'content-length': String(forwarded.body.length),
      });
      const chunks = 10;
      const size = Math.ceil(forwarded.body.length / chunks);
      for (let i = 0; i < chunks && !res.destroyed; i++) {
        res.write(forwarded.body.subarray(i * size, (i + 1) * size));
        await delay(slowBodyMs / chunks);
      }
      res.end();
      return;
    }
    res.writeHead(forwarded.status, forwarded.headers);
    res.end(forwarded.body);
  };

  let server: Server = listen();

  function listen(): Server {
    const s = createServer((req, res) => {
      handler(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, envelope('INTERNAL_ERROR', 'fault server failed'));
        else res.destroy();
      });
    });
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    s.listen({ port, host: '127.0.0.1', backlog: 4096 });
    return s;
  }

  let refusing: Promise<void> | undefined;
  function refuse(): Promise<void> {
    // One closed window at a time, however many requests asked for it.
    refusing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await delay(refuseMs);
      if (!stopped) {
        server = listen();
        await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      }
    })().finally(() => {
      refusing = undefined;
    });
    return refusing;
  }

  async function forward(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const outHeaders = new Headers();
    for (const [key, value] of Object.entries(headers)) {
      if (value === undefined || ['host', 'connection', 'content-length'].includes(key)) continue;
      outHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await fetch(`${upstream}${path}`, {
      method,
      headers: outHeaders,
      body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(key))
        out[key] = value;
    });
    return { status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) };
  }

  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    plan(next) {
      plan = next;
    },
    next(fault, count = 1, match = () => true) {
      let left = count;
      plan = ({ method, path }) => {
        if (left > 0 && match(method, path)) {
          left--;
          return fault;
        }
        return undefined;
      };
    },
    async stop() {
      stopped = true;
      await refusing;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'x-request-id': 'req_fault', ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The faults one retry absorbs: applied to a single request, a surface with retries should still succeed.
 * The others (a 500, a body that breaks the contract, `success: false`) are answers, not accidents, and
 * must come back as typed errors. `token-expired-401` is absorbed by the one re-login on the bearer route.
 */
export const TRANSIENT_FAULTS: readonly Fault[] = [
  'refused',
  'reset-mid-body',
  'hang',
  'http-502-html',
  'http-503-retry-after',
  'http-429-retry-after',
  'token-expired-401',
  'slow-body',
];

/** Whether a surface with retries should succeed under `fault` applied `once` or on `every attempt`. */
export function shouldRecover(fault: Fault, mode: 'once' | 'every attempt'): boolean {
  // A slow body that arrives within the timeout is not an error, however often it happens.
  return fault === 'slow-body' || (mode === 'once' && TRANSIENT_FAULTS.includes(fault));
}
