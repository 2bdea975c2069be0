/**
 * End-to-end harness: a gate in front of Prism (records requests, turns `e2e_missing` ids into Prism's
 * 404 example, and collects what workflows post back), and helpers that run the pinned n8n headless
 * against a throwaway user folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@inbox-hub/contract-testing';

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

export interface N8nHome {
  userFolder: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh n8n user folder, loading the given extracted package as custom extension. */
export async function n8nHome(extensionDir: string): Promise<N8nHome> {
  const userFolder = await mkdtemp(join(tmpdir(), 'inbox-hub-n8n-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    N8N_USER_FOLDER: userFolder,
    N8N_CUSTOM_EXTENSIONS: extensionDir,
    N8N_DEFAULT_BINARY_DATA_MODE: 'default',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    // `n8n execute` prints its result through the logger at info level.
    N8N_LOG_LEVEL: 'info',
    N8N_SECURE_COOKIE: 'false',
    DB_SQLITE_POOL_SIZE: '1',
    NODE_ENV: 'production',
    // The task runners' broker listens on a port of its own (5679 by default): a free one, so this n8n
    // and another one on the machine (another suite, the release rehearsal) never collide.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
  };
  return { userFolder, env };
}

function n8nBin(): string {
  const host = process.env.N8N_HOST_DIR;
  if (!host) throw new Error('N8N_HOST_DIR is not set: run the e2e tests through test/e2e/with-n8n.sh.');
  return join(host, 'node_modules', 'n8n', 'bin', 'n8n');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one n8n CLI command to completion. */
export function runN8n(home: N8nHome, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [n8nBin(), ...args], {
      env: home.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Writes JSON to a file in the user folder and imports it with `n8n import:<kind>`. */
export async function importJson(
  home: N8nHome,
  kind: 'credentials' | 'workflow',
  name: string,
  data: unknown,
) {
  const file = join(home.userFolder, name);
  await writeFile(file, JSON.stringify(data));
  const result = await runN8n(home, [`import:${kind}`, `--input=${file}`]);
  if (result.code !== 0)
    throw new Error(`n8n import:${kind} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** The IRun `n8n execute --rawOutput` prints, after any log lines. */
export function parseRun(stdout: string): RunData {
  const start = stdout.search(/^\{$/m);
  const end = stdout.lastIndexOf('\n}');
  if (start < 0 || end < start) throw new Error(`n8n printed no execution JSON:\n${stdout}`);
  return JSON.parse(stdout.slice(start, end + 2)) as RunData;
}

export interface RunItem {
  json: Record<string, unknown>;
  binary?: Record<string, { data: string; mimeType: string; fileName?: string; fileSize?: string }>;
  pairedItem?: unknown;
}

export interface RunData {
  data: {
    resultData: { runData: Record<string, { data?: { main: (RunItem[] | null)[] } }[]>; error?: unknown };
  };
}

/** The items a node output on its first run. */
export function itemsOf(run: RunData, node: string): RunItem[] {
  const runs = run.data.resultData.runData[node];
  if (!runs || runs.length === 0) throw new Error(`Node "${node}" did not run.`);
  return runs[0]?.data?.main[0] ?? [];
}

/** Starts `n8n start` and resolves once it listens; `stop()` ends it. */
export async function startN8n(
  home: N8nHome,
  port: number,
): Promise<{ stop(): Promise<void>; output(): string }> {
  const child: ChildProcess = spawn(process.execPath, [n8nBin(), 'start'], {
    env: { ...home.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        }, 10_000).unref();
      }),
  };
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
