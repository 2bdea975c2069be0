/**
 * A real n8n, headless, for the node's end-to-end tests and the release rehearsal: a throwaway user
 * folder with a quiet environment, its CLI (`import:*`, `execute`), its server, and the result that
 * `n8n execute --rawOutput` prints. The pinned n8n is installed by
 * `packages/n8n-nodes-inbox-hub/test/e2e/with-n8n.sh`, which sets `N8N_HOST_DIR`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type Ran, type Running, run, startProcess, waitUntil } from './processes.js';

/** The n8n command of the pinned install. */
export function n8nBin(): string {
  const host = process.env.N8N_HOST_DIR;
  if (!host) {
    throw new Error(
      'N8N_HOST_DIR is not set: run through packages/n8n-nodes-inbox-hub/test/e2e/with-n8n.sh (./x release does), which installs the pinned n8n.',
    );
  }
  return join(host, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** A user folder and the environment every n8n command of one test runs with. */
export interface N8nHome {
  userFolder: string;
  env: NodeJS.ProcessEnv;
}

/** Options of {@link n8nHome}. */
export interface N8nHomeOptions {
  /** The folder to use (default: a fresh one in the temp folder). */
  userFolder?: string;
  /** The environment n8n inherits (default: this process's). */
  inherit?: NodeJS.ProcessEnv;
  /** Settings on top of the quiet defaults (an `undefined` value removes a variable). */
  env?: NodeJS.ProcessEnv;
}

/** A fresh n8n user folder with no telemetry, banners or templates, logging at info (`execute` prints there). */
export async function n8nHome(options: N8nHomeOptions = {}): Promise<N8nHome> {
  const userFolder = options.userFolder ?? (await mkdtemp(join(tmpdir(), 'inbox-hub-n8n-')));
  const env: NodeJS.ProcessEnv = {
    ...(options.inherit ?? process.env),
    N8N_USER_FOLDER: userFolder,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_LOG_LEVEL: 'info',
    DB_SQLITE_POOL_SIZE: '1',
    NODE_ENV: 'production',
    // The task runners' broker listens on a port of its own (5679 by default): a free one, so two n8n on
    // the machine (the node's suite and the release rehearsal) never collide.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return { userFolder, env };
}

/** Runs one n8n CLI command to completion; the caller looks at `code`. */
export function runN8n(home: N8nHome, args: string[], timeoutMs = 180_000): Promise<Ran> {
  return run(process.execPath, [n8nBin(), ...args], { env: home.env, timeoutMs, allowFailure: true });
}

/** Writes JSON to a file in the user folder and imports it with `n8n import:<kind>`. */
export async function importJson(
  home: N8nHome,
  kind: 'credentials' | 'workflow',
  name: string,
  data: unknown,
): Promise<void> {
  const file = join(home.userFolder, name);
  await writeFile(file, JSON.stringify(data));
  const result = await runN8n(home, [`import:${kind}`, `--input=${file}`]);
  if (result.code !== 0) {
    throw new Error(`n8n import:${kind} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** One item a node output. */
export interface RunItem {
  json: Record<string, unknown>;
  binary?: Record<string, { data: string; mimeType: string; fileName?: string; fileSize?: string }>;
  pairedItem?: unknown;
}

/** The IRun that `n8n execute --rawOutput` prints. */
export interface RunData {
  data: {
    resultData: { runData: Record<string, { data?: { main: (RunItem[] | null)[] } }[]>; error?: unknown };
  };
}

/** The IRun `n8n execute --rawOutput` prints, after any log lines. */
export function parseRun(stdout: string): RunData {
  const start = stdout.search(/^\{$/m);
  const end = stdout.lastIndexOf('\n}');
  if (start < 0 || end < start) throw new Error(`n8n printed no execution JSON:\n${stdout}`);
  return JSON.parse(stdout.slice(start, end + 2)) as RunData;
}

/** The items a node output on its first run. */
export function itemsOf(run: RunData, node: string): RunItem[] {
  const runs = run.data.resultData.runData[node];
  if (!runs || runs.length === 0) throw new Error(`Node "${node}" did not run.`);
  return runs[0]?.data?.main[0] ?? [];
}

/** Runs `n8n start` on 127.0.0.1:`port` and resolves once it answers `readinessPath`. */
export async function startN8n(home: N8nHome, port: number, readinessPath = '/healthz'): Promise<Running> {
  const n8n = startProcess(process.execPath, [n8nBin(), 'start'], {
    cwd: home.userFolder,
    env: { ...home.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' },
  });
  try {
    await waitUntil(
      n8n,
      async () => (await fetch(`http://127.0.0.1:${port}${readinessPath}`)).ok,
      'n8n start',
    );
  } catch (error) {
    await n8n.stop();
    throw error;
  }
  return n8n;
}

/** A workflow node, as `n8n import:workflow` reads it. */
export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

/** An inactive workflow in which a manual trigger feeds each of `nodes`, side by side. */
export function manualWorkflow(id: string, name: string, nodes: WorkflowNode[]) {
  return {
    id,
    name,
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
      ...nodes,
    ],
    connections: { Manual: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
  };
}
