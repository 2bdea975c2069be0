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
import {
  importJson,
  itemsOf,
  manualWorkflow,
  n8nHome,
  parseRun,
  runN8n,
  startN8n,
  tail,
} from '@inbox-hub/contract-testing';
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
  const userFolder = await mkdtemp(join(stage.work, 'n8n-'));
  const preload = join(userFolder, 'licence-gate.cjs');
  await writeFile(preload, LICENCE_GATE_PRELOAD);
  const home = await n8nHome({
    userFolder,
    // Only what a user's shell would give it: nothing of this workspace reaches n8n or the npm it runs.
    inherit: {
      PATH: process.env.PATH,
      HOME: userFolder,
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    },
    env: {
      N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
      N8N_COMMUNITY_PACKAGES_REGISTRY: stage.registry,
      NODE_OPTIONS: `--require ${preload}`,
      // n8n runs npm itself: a fresh cache, so nothing comes from an earlier install.
      npm_config_cache: join(userFolder, '.npm'),
      npm_config_update_notifier: 'false',
    },
  });

  // 1. n8n installs the package by name, as Settings → Community Nodes does (its REST API).
  const server = await startN8n(home, port, '/healthz/readiness');
  let nodes: string[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
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
  const credential = { id: 'rehearsalCred001', name: 'Inbox Hub (rehearsal)' };
  await importJson(home, 'credentials', 'credentials.json', [
    { ...credential, type: 'inboxHubApi', data: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } },
  ]);
  await importJson(
    home,
    'workflow',
    'workflow.json',
    manualWorkflow('rehearsalFlow001', 'Rehearsal: list sessions', [
      {
        id: 'list',
        name: 'List Sessions',
        type: 'n8n-nodes-inbox-hub.inboxHub',
        typeVersion: 1,
        position: [200, 0],
        parameters: { operation: 'getAll', returnAll: true },
        credentials: { inboxHubApi: credential },
      },
    ]),
  );
  const executed = await runN8n(home, ['execute', '--id=rehearsalFlow001', '--rawOutput']);
  if (executed.code !== 0) {
    throw new Error(
      `n8n execute exited with ${executed.code}:\n${tail(`${executed.stdout}\n${executed.stderr}`)}`,
    );
  }
  const ids = itemsOf(parseRun(executed.stdout), 'List Sessions').map((item) => item.json.sessionId);
  if (!ids.includes('cliente_rehearsal_esm')) {
    throw new Error(
      `the workflow's List Sessions output ${ids.length} items without the rehearsal's session.`,
    );
  }
  return `installed by name (${nodes.length} nodes), workflow listed ${ids.length} sessions`;
}
