import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PrismServer, startPrism } from '@inbox-hub/contract-testing';
import { decodeQrImage, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built `inbox-hub` bin, spawned against a sandbox behind Prism's validation proxy (a response that
 * broke the contract would become a 500 and fail the command).
 */
describe('the inbox-hub CLI', () => {
  let sandbox: RunningSandbox;
  let prism: PrismServer;
  const dir = mkdtempSync(join(tmpdir(), 'inbox-hub-cli-'));

  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    INBOX_HUB_BASE_URL: prism.url,
    INBOX_HUB_API_KEY: sandbox.apiKey,
    ...extra,
  });

  function spawnCli(
    args: string[],
    extraEnv?: Record<string, string>,
  ): { child: ChildProcess; done: Promise<Run> } {
    const child = spawn(process.execPath, [bin, ...args], { env: env(extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const done = new Promise<Run>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, done };
  }
  const cli = (args: string[], extraEnv?: Record<string, string>) => spawnCli(args, extraEnv).done;
  const json = async (args: string[]) => {
    const run = await cli([...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  /** Resolves once the child's stdout contains `text` (an event, not a timer). */
  const stdoutReaches = (child: ChildProcess, text: string) =>
    new Promise<void>((resolve) => {
      let seen = '';
      const onData = (c: Buffer) => {
        seen += c.toString();
        if (seen.includes(text)) {
          child.stdout?.off('data', onData);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
    });

  beforeAll(async () => {
    if (!existsSync(bin)) throw new Error('Build the CLI first: pnpm --filter @inbox-hub/cli build');
    sandbox = await startSandbox({ qr: { firstQrMs: 1_500, nextQrMs: 120_000, maxQrs: 2 } });
    prism = await startPrism({ mode: 'proxy', upstream: sandbox.url, errors: true });
  });
  afterAll(async () => {
    await prism?.stop();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a session (guide example) and lists it', async () => {
    const created = await cli(['sessions', 'create', 'cliente_001', '--phone', '34612345678']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created session cliente_001');
    const list = await cli(['sessions', 'list']);
    expect(list.stdout).toMatch(/cliente_001\s+pending\s+34612345678/);
    const asJson = await json(['sessions', 'list']);
    expect(asJson).toMatchObject({ total: 1, sessions: [{ sessionId: 'cliente_001', status: 'pending' }] });
  });

  it('draws the QR in the terminal (connecting first), or saves the PNG with --out', async () => {
    const drawn = await cli(['sessions', 'qr', 'cliente_001']);
    expect(drawn.code).toBe(0);
    expect(drawn.stdout).toMatch(/[▀▄█]/);
    expect(drawn.stdout).toContain('Scan for "cliente_001"');
    const file = join(dir, 'qr.png');
    const saved = await json(['sessions', 'qr', 'cliente_001', '--out', file]);
    expect(saved.savedTo).toBe(file);
    expect(decodeQrImage(readFileSync(file))).toBe(decodeQrImage(saved.qrCode));
  });

  it('waits, redrawing the QR when it rotates, until the phone scans it', async () => {
    await cli(['sessions', 'create', 'cliente_002']);
    const { child, done } = spawnCli([
      'sessions',
      'wait',
      'cliente_002',
      '--interval',
      '0.1',
      '--timeout',
      '30',
    ]);
    // The first QR lives 1.5 s; scan only once the CLI shows its replacement.
    await stdoutReaches(child, 'here is the new one');
    sandbox.phone.scan({ sessionId: 'cliente_002' }, { phoneNumber: '34600000002' });
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Connected: cliente_002 as 34600000002.');
    expect(run.stdout.match(/Scan for "cliente_002"/g)).toHaveLength(2);
  });

  it('shows the status, in text and JSON', async () => {
    const text = await cli(['sessions', 'status', 'cliente_002']);
    expect(text.stdout).toMatch(/^cliente_002 \(id \d+\): connected as 34600000002/);
    const info = await json(['sessions', 'status', 'cliente_002']);
    expect(info).toMatchObject({ sessionId: 'cliente_002', status: 'connected', isConnected: true });
  });

  it('disconnects, then reconnects every disconnected session with new QRs', async () => {
    expect((await json(['sessions', 'disconnect', 'cliente_002'])).status).toBe('disconnected');
    const result = await json(['sessions', 'reconnect', '--all-disconnected', '--out-dir', dir]);
    expect(result).toMatchObject({
      total: 1,
      failed: 0,
      results: [{ sessionId: 'cliente_002', ok: true, status: 'pending' }],
    });
    const png = readFileSync(join(dir, 'cliente_002.png'));
    expect(sandbox.phone.scan({ qrCode: png.toString('base64') }).sessionId).toBe('cliente_002');
    const none = await cli(['sessions', 'reconnect', '--all-disconnected']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('nothing to reconnect');
  });

  it('exits 11 when the session ends in error while waiting', async () => {
    // A sandbox whose attempts have a single short-lived QR: unscanned, the session goes to `error`.
    const strict = await startSandbox({ qr: { firstQrMs: 1_500, nextQrMs: 1_500, maxQrs: 1 } });
    try {
      const headers = { 'X-API-Key': strict.apiKey, 'Content-Type': 'application/json' };
      await fetch(`${strict.url}/api/sessions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ sessionId: 'x' }),
      });
      const run = await cli(['sessions', 'wait', 'x', '--interval', '0.1', '--timeout', '30', '--json'], {
        INBOX_HUB_BASE_URL: strict.url,
        INBOX_HUB_API_KEY: strict.apiKey,
      });
      expect(run.code, run.stderr).toBe(11);
      expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'error', status: { status: 'error' } });
    } finally {
      await strict.close();
    }
  });

  it.each([
    ['404 not found', ['sessions', 'status', 'nobody'], {}, 4, /no session "nobody"/],
    ['409 conflict', ['sessions', 'create', 'cliente_001'], {}, 5, /already exists/],
    ['invalid input', ['sessions', 'create', 'bad id'], {}, 7, /Invalid sessionId/],
    ['401 wrong key', ['sessions', 'list'], { INBOX_HUB_API_KEY: 'ihk_test_wrong_key' }, 8, /API key/i],
    ['missing config', ['sessions', 'list'], { INBOX_HUB_API_KEY: '' }, 3, /INBOX_HUB_API_KEY is not set/],
    ['unknown command', ['sessions', 'frobnicate'], {}, 2, /Unknown command/],
    ['missing argument', ['sessions', 'qr'], {}, 2, /needs a session id/],
    ['reconnect without the flag', ['sessions', 'reconnect'], {}, 2, /--all-disconnected/],
  ] as const)(
    'exits with a reliable code and a clear message: %s',
    async (_name, args, extraEnv, code, message) => {
      const run = await cli([...args], { ...extraEnv });
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain(sandbox.apiKey);
    },
  );

  it('prints errors as JSON with --json', async () => {
    const run = await cli(['sessions', 'qr', 'nobody', '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { status: 404, code: 'SESSION_NOT_FOUND', exitCode: 4 },
    });
  });

  it('prints the usage with --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('reconnect --all-disconnected');
  });
});
