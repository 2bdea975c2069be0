/**
 * What users do with the published packages, each from an empty folder whose only registry is the
 * rehearsal's. Each function throws with the reason when the user would be stuck, and returns one short
 * sentence of what it saw.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Running, run, startProcess, tail, waitUntil } from '@inbox-hub/contract-testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { userFolder } from '../user-env.js';

/** Where users' folders go and which registry they use. */
export interface Stage {
  work: string;
  registry: string;
}

/** Where the users' steps find Inbox Hub. */
export interface Api {
  url: string;
  apiKey: string;
}

/** The sandbox the other steps talk to, started from the registry. */
export interface SandboxFromRegistry {
  url: string;
  apiKey: string;
  email: string;
  password: string;
  running: Running;
}

/** `npx -y @inbox-hub/sandbox --port … --json`. */
export async function sandboxFromNpx(stage: Stage, port: number): Promise<SandboxFromRegistry> {
  const { dir, env } = await userFolder(stage.work, 'sandbox', stage.registry);
  const running = startProcess('npx', ['-y', '@inbox-hub/sandbox', '--port', String(port), '--json'], {
    cwd: dir,
    env,
  });
  const accountLine = () =>
    running
      .output()
      .split('\n')
      .find((l) => l.startsWith('{"url"'));
  try {
    await waitUntil(running, () => accountLine() !== undefined, 'npx -y @inbox-hub/sandbox');
    const account = JSON.parse(accountLine() as string) as Omit<SandboxFromRegistry, 'running'>;
    return { ...account, running };
  } catch (error) {
    await running.stop();
    throw error;
  }
}

/** `npx -y @inbox-hub/mcp-server` over stdio, driven by a real MCP client. */
export async function mcpFromNpx(stage: Stage, sandbox: Api): Promise<string> {
  const { dir, env } = await userFolder(stage.work, 'mcp', stage.registry);
  const transport = new StdioClientTransport({
    command: 'npx',
    args: ['-y', '@inbox-hub/mcp-server'],
    cwd: dir,
    env: {
      ...(env as Record<string, string>),
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: sandbox.apiKey,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const client = new Client({ name: 'inbox-hub-release-rehearsal', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: 240_000 });
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    if (tools.length !== 8 || !names.includes('create_session')) {
      throw new Error(
        `tools/list answered ${tools.length} tools (${names.join(', ')}); expected the 8 tools.`,
      );
    }
    const result = await client.callTool({
      name: 'create_session',
      arguments: { sessionId: 'rehearsal_mcp', name: 'Rehearsal (MCP)' },
    });
    if (result.isError) throw new Error(`create_session failed: ${JSON.stringify(result.content)}`);
    const status = (result.structuredContent as { session?: { status?: string } } | undefined)?.session
      ?.status;
    return `tools/list: ${tools.length} tools; create_session: ${status ?? 'ok'}`;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail(stderr)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

const CASO_1 = (importLine: string) => `${importLine}

// The guide's Caso 1: create, connect, QR.
const hub = InboxHub.fromEnv();
const sessionId = process.env.REHEARSAL_SESSION ?? 'cliente_rehearsal';
const phoneNumber = process.env.REHEARSAL_PHONE ?? '34600000042';
const { session, qr } = await hub.setupSession(sessionId, { name: 'Rehearsal', phoneNumber });
console.log(JSON.stringify({ sessionId: session.sessionId, status: session.status, png: qr.dataUrl.startsWith('data:image/png;base64,') }));
`;

/**
 * A blank TypeScript project: `npm i @inbox-hub/client`, typecheck (strict; node16, bundler, and CommonJS
 * under nodenext), then the guide's Caso 1 against the sandbox from ESM and from CommonJS.
 */
export async function clientProject(
  stage: Stage,
  sandbox: Api,
  versions: { typescript: string; typesNode: string },
): Promise<string> {
  const { dir, env } = await userFolder(stage.work, 'client-project', stage.registry);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'crm-backend', private: true, type: 'module' }, null, 2),
  );
  await run(
    'npm',
    [
      'install',
      '@inbox-hub/client',
      `typescript@${versions.typescript}`,
      `@types/node@${versions.typesNode}`,
    ],
    {
      cwd: dir,
      env,
    },
  );
  await writeFile(join(dir, 'caso1.ts'), CASO_1("import { InboxHub } from '@inbox-hub/client';"));
  await writeFile(
    join(dir, 'caso1-cjs.cts'),
    `import { InboxHub, isInboxHubError } from '@inbox-hub/client';\n\nexport function makeHub(): InboxHub {\n  const hub = InboxHub.fromEnv();\n  void isInboxHubError;\n  return hub;\n}\n`,
  );
  const tsconfig = (module: string, moduleResolution: string, include: string[]) =>
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module,
        moduleResolution,
        target: 'es2022',
        noEmit: true,
        types: ['node'],
        skipLibCheck: false,
      },
      include,
    });
  await writeFile(join(dir, 'tsconfig.node16.json'), tsconfig('node16', 'node16', ['caso1.ts']));
  await writeFile(join(dir, 'tsconfig.bundler.json'), tsconfig('esnext', 'bundler', ['caso1.ts']));
  await writeFile(join(dir, 'tsconfig.cjs.json'), tsconfig('nodenext', 'nodenext', ['caso1-cjs.cts']));
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.cjs.json']) {
    await run(process.execPath, [tsc, '-p', config], { cwd: dir, env });
  }
  await writeFile(join(dir, 'caso1.mjs'), CASO_1("import { InboxHub } from '@inbox-hub/client';"));
  await writeFile(
    join(dir, 'caso1.cjs'),
    `const { InboxHub } = require('@inbox-hub/client');\n\n(async () => {\n${CASO_1('')
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n})().catch((error) => { console.error(error); process.exit(1); });\n`,
  );
  const apiEnv = { ...env, INBOX_HUB_BASE_URL: sandbox.url, INBOX_HUB_API_KEY: sandbox.apiKey };
  // The client supports Node 20.19+ (require(esm) is on by default from there): both files run again on
  // the machine's own Node 20 when it has one, with the same checks.
  const node20 = await systemNode20();
  const nodes = [
    { path: process.execPath, suffix: '', label: '' },
    ...(node20 ? [{ path: node20.path, suffix: '20', label: ` on Node ${node20.version}` }] : []),
  ];
  const seen: string[] = [];
  let phone = 34600000041;
  for (const node of nodes) {
    for (const [file, style] of [
      ['caso1.mjs', 'esm'],
      ['caso1.cjs', 'cjs'],
    ] as const) {
      const sessionId = `cliente_rehearsal_${style}${node.suffix}`;
      const { stdout } = await run(node.path, [file], {
        cwd: dir,
        env: { ...apiEnv, REHEARSAL_SESSION: sessionId, REHEARSAL_PHONE: String(phone++) },
      });
      const line = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        sessionId?: string;
        status?: string;
        png?: boolean;
      };
      if (line.sessionId !== sessionId || line.status !== 'pending' || line.png !== true) {
        throw new Error(
          `${file}${node.label} printed ${stdout.trim()}: expected ${sessionId} pending with a PNG QR.`,
        );
      }
    }
    seen.push(`ESM ✓, CommonJS ✓${node.label}`);
  }
  return `tsc strict (node16, bundler, CommonJS/nodenext) ✓; Caso 1 from ${seen.join('; ')}`;
}

/** `npx -y @inbox-hub/cli sessions list`. */
export async function cliFromNpx(stage: Stage, sandbox: Api): Promise<string> {
  const { dir, env } = await userFolder(stage.work, 'cli', stage.registry);
  const { stdout } = await run('npx', ['-y', '@inbox-hub/cli', 'sessions', 'list', '--json'], {
    cwd: dir,
    env: { ...env, INBOX_HUB_BASE_URL: sandbox.url, INBOX_HUB_API_KEY: sandbox.apiKey },
  });
  const listed = JSON.parse(stdout) as { sessions?: Array<{ sessionId: string }> };
  const ids = (listed.sessions ?? []).map((s) => s.sessionId);
  if (!ids.includes('cliente_rehearsal_esm')) {
    throw new Error(`sessions list did not show the session Caso 1 created: ${stdout.slice(0, 400)}`);
  }
  return `sessions list: ${ids.length} sessions`;
}

/** `npx -y @inbox-hub/dashboard`, then its login page. */
export async function dashboardFromNpx(stage: Stage, sandbox: Api, port: number): Promise<string> {
  const { dir, env } = await userFolder(stage.work, 'dashboard', stage.registry);
  const running = startProcess('npx', ['-y', '@inbox-hub/dashboard'], {
    cwd: dir,
    env: {
      ...env,
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: sandbox.apiKey,
      INBOX_HUB_DASHBOARD_PASSWORD: `rehearsal-operator-${process.pid}`,
      INBOX_HUB_DASHBOARD_SECRET: `rehearsal-secret-${'x'.repeat(32)}-${process.pid}`,
      INBOX_HUB_DASHBOARD_PORT: String(port),
      INBOX_HUB_DASHBOARD_DATA: join(dir, 'dashboard.sqlite'),
    },
  });
  try {
    let page = '';
    await waitUntil(
      running,
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/login`);
        page = await response.text();
        return response.ok;
      },
      'npx -y @inbox-hub/dashboard',
    );
    if (!page.includes('name="password"')) throw new Error('the login page has no password field');
    return 'GET /login: 200, sign-in form';
  } finally {
    await running.stop();
  }
}

/** `npx -y @inbox-hub/relay new-secret`: the relay's command runs and makes a signing secret. */
export async function relayFromNpx(stage: Stage): Promise<string> {
  const { dir, env } = await userFolder(stage.work, 'relay', stage.registry);
  const { stdout } = await run('npx', ['-y', '@inbox-hub/relay', 'new-secret'], { cwd: dir, env });
  if (!/^whsec_[A-Za-z0-9+/=]{24,}$/m.test(stdout)) {
    throw new Error(`new-secret printed no whsec_ secret: ${stdout.slice(0, 200)}`);
  }
  return 'new-secret: a whsec_ signing secret';
}

/** A Node 20 (20.19 or newer) installed on the machine, outside the project's own Node 24. */
async function systemNode20(): Promise<{ path: string; version: string } | undefined> {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    const ran = await run(path, ['--version'], { allowFailure: true }).catch(() => undefined);
    const version = ran?.stdout.trim() ?? '';
    const match = /^v20\.(\d+)\./.exec(version);
    if (match && Number(match[1]) >= 19) return { path, version };
  }
  return undefined;
}
