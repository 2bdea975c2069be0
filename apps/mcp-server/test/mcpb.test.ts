import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McpbManifestAny } from '@anthropic-ai/mcpb';
import { getMcpConfigForManifest } from '@anthropic-ai/mcpb/node';
import { assertNoCanary, canary } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../src/config.js';
import { requireBuiltBin } from './bin-process.js';

// The Claude Desktop one-click install, end to end: build the .mcpb with scripts/build-mcpb.mjs, unpack it
// outside the workspace (no node_modules anywhere above it), resolve its launch command with the mcpb
// library's own getMcpConfigForManifest (user_config → env, as the host does), and drive the server over
// stdio with a real MCP client against the sandbox.
const root = fileURLToPath(new URL('..', import.meta.url));
const mcpbCli = join(dirname(createRequire(import.meta.url).resolve('@anthropic-ai/mcpb')), 'cli', 'cli.js');

interface Run {
  status: number | null;
  output: string;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every file under `dir`, as bundle-relative paths with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

let work: string;
let build: Run;
let bundleFile: string;
let unpacked: string;
let manifest: McpbManifestAny;
let sandbox: RunningSandbox;

beforeAll(async () => {
  requireBuiltBin();
  work = mkdtempSync(join(tmpdir(), 'inbox-hub-mcpb-test-'));
  // A key and password in the builder's environment must not end up in the bundle.
  build = run(['scripts/build-mcpb.mjs', '--out', join(work, 'out')], {
    [ENV.apiKey]: canary.apiKey,
    [ENV.password]: canary.password,
  });
  if (build.status !== 0) throw new Error(`build-mcpb failed:\n${build.output}`);
  const [name] = readdirSync(join(work, 'out'));
  bundleFile = join(work, 'out', name as string);
  unpacked = join(work, 'installed');
  const unpack = run([mcpbCli, 'unpack', bundleFile, unpacked]);
  if (unpack.status !== 0) throw new Error(`mcpb unpack failed:\n${unpack.output}`);
  manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
  sandbox = await startSandbox({
    rateLimit: false,
    tenants: [{ apiKey: canary.apiKey, email: canary.email, password: canary.password }],
  });
});

afterAll(async () => {
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Launches the unpacked bundle the way Claude Desktop does, with these user_config answers. */
async function launch(
  userConfig: Record<string, string | boolean>,
  host: { ui?: boolean } = {},
): Promise<{
  client: Client;
  stderr: () => string;
  close: () => Promise<void>;
}> {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs: {},
    userConfig,
    pathSeparator: sep,
  });
  if (!config) throw new Error('getMcpConfigForManifest refused the configuration');
  // A working directory of its own: the server must not depend on where the host starts it.
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    env: { PATH: process.env.PATH ?? '', ...config.env },
    cwd: work,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client(
    { name: 'claude-desktop-stand-in', version: '0.0.0' },
    host.ui
      ? {
          capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } } },
        }
      : undefined,
  );
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** mcpb's placeholder for a user_config answer, as written in manifest.json. */
const ref = (key: string): string => `\${user_config.${key}}`;

function text(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
}

describe('the MCP Bundle (.mcpb)', () => {
  it('is built with mcpb validate clean, and carries the manifest, a package.json, one server file and the card', () => {
    expect(build.output).toContain('Manifest schema validation passes!');
    expect(bundleFile).toMatch(/inbox-hub-mcp-\d+\.\d+\.\d+\.mcpb$/);
    // No node_modules, no source maps, no sources: the esbuild bundle is the whole server.
    expect(filesUnder(unpacked)).toEqual([
      'manifest.json',
      'package.json',
      'server/index.js',
      'server/ui/connect-card.html',
    ]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.version).toBe(pkg.version);
    expect(JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))).toMatchObject({
      version: pkg.version,
      type: 'module',
    });
  });

  it('holds no secret from the machine that built it', () => {
    assertNoCanary(build.output, 'the build output');
    for (const file of filesUnder(unpacked)) assertNoCanary(readFileSync(join(unpacked, file), 'utf8'), file);
  });

  it('asks for the URL and the API key (sensitive), and the optional e-mail and password (sensitive)', () => {
    const options = manifest.user_config ?? {};
    expect(options.base_url).toMatchObject({ type: 'string', required: true });
    expect(options.api_key).toMatchObject({ type: 'string', required: true, sensitive: true });
    expect(options.email).toMatchObject({ type: 'string', required: false });
    expect(options.email?.sensitive).not.toBe(true);
    expect(options.password).toMatchObject({ type: 'string', required: false, sensitive: true });
    // Every answer reaches the variable the server reads.
    expect(manifest.server.mcp_config.env).toMatchObject({
      [ENV.baseUrl]: ref('base_url'),
      [ENV.apiKey]: ref('api_key'),
      [ENV.email]: ref('email'),
      [ENV.password]: ref('password'),
      [ENV.readOnly]: ref('read_only'),
    });
  });

  it('is not launched without an API key (the host checks required fields)', async () => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: unpacked,
      systemDirs: {},
      userConfig: { base_url: sandbox.url },
      pathSeparator: sep,
    });
    expect(config).toBeUndefined();
  });

  it('runs from the unpacked bundle with Node alone: tools/list answers and create_session succeeds', async () => {
    const server = await launch({
      base_url: sandbox.url,
      api_key: canary.apiKey,
      email: canary.email,
      password: canary.password,
    });
    try {
      const { tools } = await server.client.listTools();
      // The manifest's tool list is what Claude Desktop shows before install: it must be the real one.
      expect(tools.map((t) => t.name).sort()).toEqual((manifest.tools ?? []).map((t) => t.name).sort());
      expect(tools).toHaveLength(8);
      const created = (await server.client.callTool({
        name: 'create_session',
        arguments: { sessionId: 'mcpb_one_click', name: 'One-click install' },
      })) as CallToolResult;
      expect(created.isError, text(created)).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ session: { sessionId: 'mcpb_one_click' } });
      const listed = await fetch(`${sandbox.url}/api/sessions`, { headers: { 'X-API-Key': canary.apiKey } });
      expect(await listed.text()).toContain('mcpb_one_click');
    } finally {
      await server.close();
    }
    expect(server.stderr()).toContain('serving MCP on stdio');
    assertNoCanary(server.stderr(), 'the server log');
  });

  it('shows the connect card to a host that renders MCP Apps (as Claude does): its HTML is in the bundle', async () => {
    const server = await launch({ base_url: sandbox.url, api_key: canary.apiKey }, { ui: true });
    try {
      const { tools } = await server.client.listTools();
      const setup = tools.find((t) => t.name === 'setup_session');
      expect(setup?._meta?.ui).toMatchObject({ resourceUri: 'ui://inbox-hub/connect-card' });
      const { contents } = await server.client.readResource({ uri: 'ui://inbox-hub/connect-card' });
      expect(contents[0]).toMatchObject({ mimeType: RESOURCE_MIME_TYPE });
      expect(String((contents[0] as { text?: string }).text)).toContain('<html');
    } finally {
      await server.close();
    }
    assertNoCanary(server.stderr(), 'the server log');
  });

  it('works with the optional fields left empty (their defaults are empty strings, which the server reads as unset)', async () => {
    // Without a default, the host would leave the placeholder itself in the environment, as literal text.
    const server = await launch({ base_url: sandbox.url, api_key: canary.apiKey });
    try {
      const created = (await server.client.callTool({
        name: 'create_session',
        arguments: { sessionId: 'mcpb_key_only' },
      })) as CallToolResult;
      expect(created.isError, text(created)).toBeFalsy();
    } finally {
      await server.close();
    }
    assertNoCanary(server.stderr(), 'the server log');
  });

  it('offers only the reading tools when read-only is ticked', async () => {
    const server = await launch({ base_url: sandbox.url, api_key: canary.apiKey, read_only: true });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['get_qr_code', 'get_session_status', 'list_sessions']);
    } finally {
      await server.close();
    }
  });

  it('mcpb validate fails a manifest with a required field missing, naming the field', () => {
    const broken = join(work, 'broken');
    const { author: _author, ...withoutAuthor } = JSON.parse(
      readFileSync(join(root, 'mcpb', 'manifest.json'), 'utf8'),
    );
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify(withoutAuthor));
    const result = run([mcpbCli, 'validate', join(broken, 'manifest.json')]);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/author/);
  });
});
