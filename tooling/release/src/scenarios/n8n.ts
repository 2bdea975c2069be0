/**
 * A real n8n installs n8n-nodes-inbox-hub by name through its own community-package installer (the one
 * behind Settings → Community Nodes), from the rehearsal's registry, then loads the nodes and runs a
 * workflow that uses them.
 *
 * n8n lets a custom registry (`N8N_COMMUNITY_PACKAGES_REGISTRY`) be used only under an enterprise licence
 * (`License.isCustomNpmRegistryEnabled`). A preload lifts that one gate for this process and changes
 * nothing else: the registry checks, `npm pack`, the peer-dependency stripping, `npm install` and the node
 * loading are n8n's own. Users install from the public registry, where the gate does not apply.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@inbox-hub/contract-testing';
import { run, tail } from '../exec.js';
import { startLongRunning, waitUntil } from './long-running.js';
import type { Api, Stage } from './users.js';

const LICENCE_GATE_PRELOAD = `// Lifts n8n's licence gate on a custom community-package registry, and nothing else.
const Module = require('node:module');
const load = Module._load;
let patched = false;
const patch = (exports) => {
  if (patched || !Object.prototype.hasOwnProperty.call(exports, 'License')) return false;
  const proto = exports.License && exports.License.prototype;
  if (!proto || typeof proto.isCustomNpmRegistryEnabled !== 'function') return false;
  proto.isCustomNpmRegistryEnabled = () => true;
  patched = true;
  return true;
};
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  // Only n8n's own license module, looked at without touching other modules' exports.
  if (!patched && /(^|\\/)license$/.test(request) && loaded && typeof loaded === 'object' && !patch(loaded)) {
    // Still loading (a require cycle): its exports fill in shortly.
    const retry = (n) => { if (!patch(loaded) && n > 0) setImmediate(() => retry(n - 1)); };
    retry(1000);
  }
  return loaded;
};
`;

export async function n8nCommunityInstall(stage: Stage, sandbox: Api, port: number): Promise<string> {
  const host = process.env.N8N_HOST_DIR;
  if (!host) {
    throw new Error(
      'N8N_HOST_DIR is not set: run the rehearsal through ./x release (it installs the pinned n8n).',
    );
  }
  const bin = join(host, 'node_modules', 'n8n', 'bin', 'n8n');
  const userFolder = await mkdtemp(join(stage.work, 'n8n-'));
  const preload = join(userFolder, 'licence-gate.cjs');
  await writeFile(preload, LICENCE_GATE_PRELOAD);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: userFolder,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    N8N_USER_FOLDER: userFolder,
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    N8N_COMMUNITY_PACKAGES_REGISTRY: stage.registry,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_LOG_LEVEL: 'info',
    DB_SQLITE_POOL_SIZE: '1',
    NODE_ENV: 'production',
    NODE_OPTIONS: `--require ${preload}`,
    // A broker port of its own: another n8n on the machine (the n8n suite's) may hold the default 5679.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    // n8n runs npm itself: a fresh cache, so nothing comes from an earlier install.
    npm_config_cache: join(userFolder, '.npm'),
    npm_config_update_notifier: 'false',
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  // 1. n8n installs the package by name, as Settings → Community Nodes does (its REST API).
  const server = startLongRunning(process.execPath, [bin, 'start'], {
    cwd: userFolder,
    env: { ...env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' },
  });
  let nodes: string[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(server, async () => (await fetch(`${base}/healthz/readiness`)).ok, 'n8n start');
    const headers = { 'content-type': 'application/json', 'browser-id': 'inbox-hub-rehearsal' };
    const setup = await fetch(`${base}/rest/owner/setup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        email: 'owner@example.com',
        firstName: 'Release',
        lastName: 'Rehearsal',
        password: 'Rehearsal-owner-1',
      }),
    });
    if (!setup.ok) throw new Error(`n8n owner setup answered ${setup.status}: ${await setup.text()}`);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const install = await fetch(`${base}/rest/community-packages`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: JSON.stringify({ name: 'n8n-nodes-inbox-hub' }),
    });
    const text = await install.text();
    let body: { data?: { installedNodes?: Array<{ name: string; type: string }> }; message?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(
        `n8n answered the install with HTTP ${install.status} and no JSON: ${text.slice(0, 300)}\n${tail(server.output())}`,
      );
    }
    if (!install.ok) {
      throw new Error(
        `n8n refused to install n8n-nodes-inbox-hub (HTTP ${install.status}): ${body.message ?? ''}\n${tail(server.output())}`,
      );
    }
    nodes = (body.data?.installedNodes ?? []).map((n) => n.type).sort();
    if (
      !nodes.includes('n8n-nodes-inbox-hub.inboxHub') ||
      !nodes.includes('n8n-nodes-inbox-hub.inboxHubTrigger')
    ) {
      throw new Error(`n8n installed the package but loaded ${nodes.join(', ') || 'no nodes'}.`);
    }
  } finally {
    await server.stop();
  }

  // 2. A workflow that uses the installed node runs (n8n loads community packages from its user folder).
  const credentials = join(userFolder, 'credentials.json');
  await writeFile(
    credentials,
    JSON.stringify([
      {
        id: 'rehearsalCred001',
        name: 'Inbox Hub (rehearsal)',
        type: 'inboxHubApi',
        data: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
      },
    ]),
  );
  const workflow = join(userFolder, 'workflow.json');
  await writeFile(
    workflow,
    JSON.stringify({
      id: 'rehearsalFlow001',
      name: 'Rehearsal: list sessions',
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        {
          id: 'manual',
          name: 'Manual',
          type: 'n8n-nodes-base.manualTrigger',
          typeVersion: 1,
          position: [0, 0],
          parameters: {},
        },
        {
          id: 'list',
          name: 'List Sessions',
          type: 'n8n-nodes-inbox-hub.inboxHub',
          typeVersion: 1,
          position: [200, 0],
          parameters: { operation: 'getAll', returnAll: true },
          credentials: { inboxHubApi: { id: 'rehearsalCred001', name: 'Inbox Hub (rehearsal)' } },
        },
      ],
      connections: { Manual: { main: [[{ node: 'List Sessions', type: 'main', index: 0 }]] } },
    }),
  );
  await run(process.execPath, [bin, 'import:credentials', `--input=${credentials}`], {
    env,
    timeoutMs: 180_000,
  });
  await run(process.execPath, [bin, 'import:workflow', `--input=${workflow}`], { env, timeoutMs: 180_000 });
  const executed = await run(process.execPath, [bin, 'execute', '--id=rehearsalFlow001', '--rawOutput'], {
    env,
    timeoutMs: 180_000,
  });
  const out = executed.stdout;
  const start = out.search(/^\{$/m);
  const end = out.lastIndexOf('\n}');
  if (start < 0 || end < start) throw new Error(`n8n execute printed no result:\n${tail(out)}`);
  const result = JSON.parse(out.slice(start, end + 2)) as {
    data: {
      resultData: {
        runData: Record<string, Array<{ data?: { main: Array<Array<{ json: { sessionId?: string } }>> } }>>;
      };
    };
  };
  const items = result.data.resultData.runData['List Sessions']?.[0]?.data?.main[0] ?? [];
  const ids = items.map((i) => i.json.sessionId);
  if (!ids.includes('cliente_rehearsal_esm')) {
    throw new Error(
      `the workflow's List Sessions output ${ids.length} items without the rehearsal's session.`,
    );
  }
  return `installed by name (${nodes.length} nodes), workflow listed ${ids.length} sessions`;
}
