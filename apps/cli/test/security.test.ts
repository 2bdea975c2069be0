/**
 * Attacks from the security review (issue #11) on the CLI, from a hostile server: escape sequences in every
 * field and in error messages (#11.4), and a QR that is not a PNG, a symlinked --out path (#11.12).
 */
import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canary, securityLog } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const security = securityLog('cli', 'hostile-server');
afterAll(() => security.write());

/** Every kind of terminal control a server could slip into a string. */
const NASTY = [
  '\x1b]0;pwned title\x07', // set the window title
  '\x1b[2J\x1b[H', // clear the screen
  '\x1b]52;c;ZWNobyBwd25lZA==\x07', // write the clipboard (OSC 52)
  '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', // plant a hyperlink (OSC 8)
  '\u009b31m', // C1 CSI
  '\u202eevil\u202c', // right-to-left override
  '\u2066isolated\u2069',
  '\r\x08\x7f',
].join('');
const HOSTILE = `Acme${NASTY}`;

/** What a terminal must never receive from the CLI when it prints server text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const FORBIDDEN = /[\u001b\u0007\u0080-\u009f\u202a-\u202e\u2066-\u2069\r\u0008\u007f]/;

let server: Server;
let url: string;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let qrAnswer: string = `data:image/png;base64,${PNG.toString('base64')}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      // A header cannot carry C0 controls, but C1 bytes (a single-byte CSI, 0x9b) get through.
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req\u009b2J' });
      res.end(JSON.stringify(body));
    };
    const path = req.url ?? '';
    const session = {
      id: 7,
      sessionId: 'cliente_1',
      name: HOSTILE,
      description: HOSTILE,
      phoneNumber: `346${NASTY}`,
      status: `connected${NASTY}`,
      createdAt: '2026-01-01T00:00:00Z',
    };
    if (path === '/api/sessions')
      return send(200, { success: true, data: { total: 1, sessions: [session] } });
    if (path.endsWith('/status'))
      return send(200, { success: true, data: { ...session, isConnected: true, hasQR: false } });
    if (path.endsWith('/qr'))
      return send(200, {
        success: true,
        data: {
          sessionId: 'cliente_1',
          qrCode: qrAnswer,
          expiresAt: '2099-01-01T00:00:00Z',
          status: 'pending',
        },
      });
    send(404, {
      success: false,
      code: `SESSION_NOT_FOUND${NASTY}`,
      message: `No such session ${NASTY}`,
      details: [{ field: `sessionId${NASTY}`, message: `bad ${NASTY}` }],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', INBOX_HUB_BASE_URL: url, INBOX_HUB_API_KEY: canary.apiKey };
  return await new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

describe('#11.4 terminal escape injection', () => {
  it('#11.4 server names, ids, phones, statuses and error messages reach the terminal inert', () =>
    security.check(
      '#11.4',
      'a server returns ESC/CSI/OSC 52/OSC 8 sequences, C1 controls and bidi overrides in every field and error',
      'every control character is printed as a visible stand-in; no escape reaches the terminal',
      async () => {
        for (const args of [
          ['sessions', 'list'],
          ['sessions', 'status', 'cliente_1'],
          ['sessions', 'connect', 'missing_1'],
        ]) {
          const { stdout, stderr } = await cli(args);
          const output = stdout + stderr;
          expect(output.length, args.join(' ')).toBeGreaterThan(0);
          expect(output, args.join(' ')).not.toMatch(FORBIDDEN);
        }
        const { stdout } = await cli(['sessions', 'list']);
        expect(stdout).toContain('Acme␛]0;pwned title␇'); // visible, not obeyed
        expect(stdout).toContain('<U+202E>');
        const { stderr } = await cli(['sessions', 'connect', 'missing_1']);
        expect(stderr).toContain('No such session ␛');
      },
    ));

  it('#11.4 --json stays exact: it parses back to the server values, and is inert on a terminal too', () =>
    security.check(
      '#11.4',
      'the same hostile values with --json',
      'JSON escapes every control (C1 and bidi included) and parses back to the exact values',
      async () => {
        const { stdout } = await cli(['sessions', 'list', '--json']);
        expect(stdout).not.toMatch(FORBIDDEN);
        const parsed = JSON.parse(stdout) as { sessions: Array<{ name: string; phoneNumber: string }> };
        expect(parsed.sessions[0]?.name).toBe(HOSTILE);
        expect(parsed.sessions[0]?.phoneNumber).toBe(`346${NASTY}`);
        const error = await cli(['sessions', 'connect', 'missing_1', '--json']);
        expect(error.stdout).not.toMatch(FORBIDDEN);
        expect(JSON.parse(error.stdout).error.message).toContain(`No such session ${NASTY}`.trim());
      },
    ));
});

describe('#11.12 qr --out', () => {
  it('#11.12 refuses bytes that are not a PNG, and writes nothing', () =>
    security.check(
      '#11.12',
      'the server answers /qr with base64 that is not a PNG (a script)',
      'the CLI checks the PNG signature and writes nothing',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'cli-qr-'));
        try {
          qrAnswer = Buffer.from('#!/bin/sh\necho pwned\n').toString('base64');
          const out = join(dir, 'qr.png');
          const run = await cli(['sessions', 'qr', 'cliente_1', '--out', out]);
          expect(run.code).not.toBe(0);
          expect(run.stderr).toMatch(/not a PNG/);
          await expect(stat(out)).rejects.toThrow();
        } finally {
          qrAnswer = `data:image/png;base64,${PNG.toString('base64')}`;
          await rm(dir, { recursive: true, force: true });
        }
      },
    ));

  it('#11.12 does not follow a symlink at the destination, and writes atomically with user-only permissions', () =>
    security.check(
      '#11.12',
      '--out names a symlink planted towards another file',
      'the CLI refuses to write through the link; a normal save goes through a temp file and a rename, mode 0600',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'cli-qr-'));
        try {
          const victim = join(dir, 'victim.txt');
          await writeFile(victim, 'precious');
          const link = join(dir, 'qr.png');
          await symlink(victim, link);
          const run = await cli(['sessions', 'qr', 'cliente_1', '--out', link]);
          expect(run.code).toBe(2);
          expect(run.stderr).toMatch(/symbolic link/);
          expect(await readFile(victim, 'utf8')).toBe('precious');
          expect(await readlink(link)).toBe(victim);

          const good = join(dir, 'good.png');
          const ok = await cli(['sessions', 'qr', 'cliente_1', '--out', good]);
          expect(ok.code, ok.stderr).toBe(0);
          expect(Buffer.compare(await readFile(good), PNG)).toBe(0);
          expect((await lstat(good)).mode & 0o777).toBe(0o600);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    ));

  it('refuses a QR that declares a gigantic image before decoding it, also behind a harmless first header', async () => {
    const bomb = Buffer.from(PNG);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    // The 1×1 image's own header first, then the bomb's: the decoder would use the last one.
    const decoy = Buffer.concat([PNG.subarray(0, 33), bomb.subarray(8, 33), PNG.subarray(33)]);
    const interlaced = Buffer.from(PNG);
    interlaced[28] = 1;
    try {
      for (const [png, said] of [
        [bomb, /100000×100000 pixels/],
        [decoy, /two headers/],
        [interlaced, /interlaced/],
      ] as const) {
        qrAnswer = png.toString('base64');
        // Drawn in the terminal, and saved with --out.
        const out = join(tmpdir(), `cli-bomb-${process.pid}.png`);
        for (const args of [
          ['sessions', 'qr', 'cliente_1'],
          ['sessions', 'qr', 'cliente_1', '--out', out],
        ]) {
          const run = await cli(args);
          expect(run.code, args.join(' ')).not.toBe(0);
          expect(run.stderr).toMatch(said);
        }
        await expect(stat(out)).rejects.toThrow();
      }
    } finally {
      qrAnswer = `data:image/png;base64,${PNG.toString('base64')}`;
    }
  });
});
