import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { canary } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let server: Server;
let url: string;

beforeAll(async () => {
  // An API that lists one session in a status the guide never documented.
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        success: true,
        data: {
          total: 2,
          sessions: [
            {
              id: 1,
              sessionId: 'odd_1',
              name: 'Odd',
              status: 'reauthenticating',
              createdAt: '2026-01-01T00:00:00Z',
            },
            { id: 2, sessionId: 'ok_2', name: 'Ok', status: 'connected', createdAt: '2026-01-01T00:00:00Z' },
          ],
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sessions list shows a status the API never documented as unknown with its raw value', async () => {
  const env = { PATH: process.env.PATH ?? '', INBOX_HUB_BASE_URL: url, INBOX_HUB_API_KEY: canary.apiKey };
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'sessions', 'list'], { env });
  expect(stdout).toMatch(/odd_1\s+unknown \(reauthenticating\)/);
  expect(stdout).toMatch(/ok_2\s+connected/);
  const json = await promisify(execFile)(process.execPath, [bin, 'sessions', 'list', '--json'], { env });
  expect(JSON.parse(json.stdout).sessions[0]).toMatchObject({
    status: 'unknown',
    rawStatus: 'reauthenticating',
  });
});
