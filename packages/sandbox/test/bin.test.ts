import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Starts the built bin and resolves with its stdout once it matches `until`. */
function start(
  args: string[],
  env: Record<string, string> = {},
  until = /\n/,
): Promise<{ child: ChildProcess; line: string; text: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) resolve({ child, line: out.slice(0, out.indexOf('\n')), text: out });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

describe('the inbox-hub-sandbox bin', () => {
  let child: ChildProcess | undefined;
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error('Build the package first: pnpm --filter @inbox-hub/sandbox build');
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts, prints its URL and account as JSON, serves the API, and stops cleanly on SIGTERM', async () => {
    const started = await start(['--port', '0', '--json']);
    child = started.child;
    const info = JSON.parse(started.line) as { url: string; apiKey: string; email: string };
    expect(info.apiKey).toMatch(/^ihk_sandbox_[0-9a-f]{24}$/);
    expect(info.email).toBe('sandbox@example.com');
    const res = await fetch(`${info.url}/api/sessions`, { headers: { 'X-API-Key': info.apiKey } });
    expect(await res.json()).toEqual({ success: true, data: { sessions: [], total: 0 } });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('prints the banner with a curl tour, masking a key that came from the environment', async () => {
    const started = await start(
      ['--port', '0'],
      { INBOX_HUB_SANDBOX_API_KEY: 'ihk_test_from_env_123456' },
      /Ctrl-C/,
    );
    child = started.child;
    const { text } = started;
    expect(started.line).toMatch(/^Inbox Hub sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(text).not.toContain('ihk_test_from_env_123456');
    expect(text).toContain('/sandbox/phone/scan');
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.kill('SIGINT');
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(err).toContain('SIGINT, stopping');
  });

  it('keeps everything in --data even when killed without warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-hub-sandbox-bin-'));
    const data = join(dir, 'state.db');
    try {
      const first = await start(['--port', '0', '--json', '--data', data]);
      child = first.child;
      const info = JSON.parse(first.line) as { url: string; apiKey: string; password: string };
      const headers = { 'X-API-Key': info.apiKey, 'Content-Type': 'application/json' };
      const created = await fetch(`${info.url}/api/sessions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ sessionId: 'cliente_001', phoneNumber: '34612345678' }),
      });
      expect(created.status).toBe(201);
      await fetch(`${info.url}/api/sessions/cliente_001/connect`, { method: 'POST', headers });
      child.kill('SIGKILL');
      await once(child, 'exit');

      const second = await start(['--port', '0', '--json', '--data', data]);
      child = second.child;
      const again = JSON.parse(second.line) as { url: string; apiKey: string; password: string };
      expect([again.apiKey, again.password]).toEqual([info.apiKey, info.password]);
      const list = await fetch(`${again.url}/api/sessions`, { headers: { 'X-API-Key': again.apiKey } });
      const body = (await list.json()) as {
        data: { sessions: Array<{ sessionId: string; status: string }> };
      };
      expect(body.data.sessions).toMatchObject([{ sessionId: 'cliente_001', status: 'pending' }]);
    } finally {
      child?.kill('SIGKILL');
      if (child) await once(child, 'exit').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(spawnSync('curl', ['--version']).status !== 0)(
    "runs the banner's curl tour of the guide's flow as printed",
    async () => {
      const started = await start(['--port', '0'], {}, /Ctrl-C/);
      child = started.child;
      const commands = started.text
        .split('\n')
        .filter((line) => line.startsWith('  curl '))
        .map((line) => line.trim());
      expect(commands).toHaveLength(3);
      const outputs = commands.map((command) => execFileSync('sh', ['-c', command], { encoding: 'utf8' }));
      // Each line prints one or two envelopes back to back; every one of them is a success.
      for (const output of outputs) {
        for (const json of output.replace(/}{/g, '}\n{').split('\n'))
          expect(JSON.parse(json).success).toBe(true);
      }
      const list = JSON.parse(outputs[2]?.replace(/}{/g, '}\n{').split('\n')[1] ?? '{}');
      expect(list.data.sessions[0]).toMatchObject({
        sessionId: 'cliente_001',
        status: 'connected',
        phoneNumber: '34612345678',
      });
    },
  );

  it('exits 2 with the usage on a bad flag', async () => {
    const proc = spawn(process.execPath, [bin, '--port', 'nope'], { env: { PATH: process.env.PATH ?? '' } });
    let err = '';
    proc.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const [code] = await once(proc, 'exit');
    expect(code).toBe(2);
    expect(err).toContain('--port must be a whole number');
  });
});
