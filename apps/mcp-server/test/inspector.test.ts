import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { canary, freePort } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, type HttpBin, requireBuiltBin, startHttpBin } from './bin-process.js';

/**
 * The MCP Inspector's CLI (`inspector --cli --method tools/list`), as users run it from the README, over
 * stdio and over HTTP against the built bin. With `--strict` it reports every tool-schema portability
 * problem on stderr (and exits 6 on an error-severity one); the server must give it none.
 */

const INSPECTOR = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', import.meta.url),
);
const TOKEN = 'inspector-test-token-0123456789';
const DASHBOARD_TOKEN = 'inspector-dashboard-token-0123456789';
const EXPECTED_TOOLS = [
  'connect_session',
  'create_connect_link',
  'create_session',
  'disconnect_session',
  'get_qr_code',
  'get_session_status',
  'list_sessions',
  'setup_session',
  'wait_for_connection',
];

let home: string;
let http: HttpBin;
const serverEnv = () => ({
  INBOX_HUB_BASE_URL: inject('baseUrl'),
  INBOX_HUB_API_KEY: canary.apiKey,
  // Configured so that create_connect_link's schemas are checked too (the dashboard is never called).
  INBOX_HUB_DASHBOARD_URL: 'https://wa.example.com',
  INBOX_HUB_DASHBOARD_API_TOKEN: DASHBOARD_TOKEN,
});

beforeAll(async () => {
  requireBuiltBin();
  // The Inspector keeps a catalog and state under HOME: give it a throwaway one.
  home = await mkdtemp(join(tmpdir(), 'mcp-inspector-'));
  http = await startHttpBin(['--port', String(await freePort())], {
    ...serverEnv(),
    INBOX_HUB_MCP_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await http?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

async function inspector(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [INSPECTOR, '--cli', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      MCP_CATALOG_PATH: join(home, 'mcp.json'),
      NO_COLOR: '1',
    },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
  return { stdout, stderr };
}

/** Every `type` written as an array anywhere in `schema`, by path. */
function typeArrays(schema: unknown, path = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => typeArrays(item, `${path}[${i}]`));
  if (schema === null || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => [
    ...(key === 'type' && Array.isArray(value) ? [path] : []),
    ...typeArrays(value, `${path}.${key}`),
  ]);
}

function checkListing(run: { stdout: string; stderr: string }): void {
  const { tools } = JSON.parse(run.stdout) as { tools: Array<{ name: string; outputSchema?: unknown }> };
  expect(tools.map((t) => t.name).sort()).toEqual(EXPECTED_TOOLS);
  // The Inspector prints "Schema portability: N errors, M warnings" (or, with --strict, each problem).
  expect(run.stderr).not.toMatch(/portability|Warning|Error:/i);
  // Nullable fields are anyOf branches, not type arrays, and say the same thing.
  expect(tools.flatMap((t) => typeArrays(t.outputSchema, t.name))).toEqual([]);
  const status = tools.find((t) => t.name === 'get_session_status')?.outputSchema as {
    properties: { status: { properties: { phoneNumber: unknown } } };
  };
  expect(status.properties.status.properties.phoneNumber).toMatchObject({
    anyOf: [{ type: 'string' }, { type: 'null' }],
    description: expect.any(String),
  });
  expect(`${run.stdout}${run.stderr}`).not.toContain(canary.apiKey);
  expect(`${run.stdout}${run.stderr}`).not.toContain(DASHBOARD_TOKEN);
}

describe('MCP Inspector CLI: tools/list', () => {
  it('over stdio lists every tool with portable schemas and no warning', async () => {
    const env = Object.entries(serverEnv()).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    checkListing(
      await inspector([...env, '--method', 'tools/list', '--strict', '--', process.execPath, BIN]),
    );
    // Without --strict it would print a one-line count of the problems; there is none to count.
    checkListing(await inspector([...env, '--method', 'tools/list', '--', process.execPath, BIN]));
  });

  it('over Streamable HTTP with the bearer token lists every tool with portable schemas and no warning', async () => {
    checkListing(
      await inspector([
        http.url,
        '--transport',
        'http',
        '--header',
        `Authorization: Bearer ${TOKEN}`,
        '--method',
        'tools/list',
        '--strict',
      ]),
    );
    expect(http.stderr()).not.toContain(TOKEN);
  });
});
