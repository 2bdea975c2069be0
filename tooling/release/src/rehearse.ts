/**
 * The release rehearsal. Every public package is packed as the release packs it and checked (entry
 * points in the tarball, no unpublished dependency, no stale file, publint, arethetypeswrong), published
 * to a throwaway Verdaccio on loopback, then installed and run from empty folders whose only registry is
 * that one, the way users do. Each step prints one line with its result and time; the first failure stops
 * the run (exit 1) with the reason. The figures go to reports/release-rehearsal.json.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, writeReport } from '@inbox-hub/contract-testing';
import { parse } from 'yaml';
import { packedProblems } from './checks.js';
import { type Packed, pack } from './pack.js';
import { PUBLIC_PACKAGES } from './packages.js';
import { root } from './paths.js';
import { startRegistry } from './registry.js';
import { type Footprint, footprint } from './scenarios/footprint.js';
import { n8nCommunityInstall } from './scenarios/n8n.js';
import {
  clientProject,
  cliFromNpx,
  dashboardFromNpx,
  mcpFromNpx,
  relayFromNpx,
  sandboxFromNpx,
} from './scenarios/users.js';

/** One line of the rehearsal's output. */
export interface StepResult {
  step: string;
  ok: boolean;
  seconds: number;
  detail: string;
}

/** Options of {@link rehearse}. */
export interface RehearsalOptions {
  /** Keep the scratch folder (its path is printed). */
  keep?: boolean;
  /** Skip the n8n step (it needs the pinned n8n; ./x release installs it). */
  skipN8n?: boolean;
}

export class StepFailed extends Error {
  override name = 'StepFailed';
}

/** Runs the rehearsal; resolves with every step, or rejects with {@link StepFailed} at the first failure. */
export async function rehearse(options: RehearsalOptions = {}): Promise<StepResult[]> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const results: StepResult[] = [];
  /** Runs one step and prints its line; `body` returns the line's detail, and the value the run needs next. */
  const step = async <T = undefined>(
    name: string,
    body: () => Promise<string | { detail: string; value: T }>,
  ): Promise<T> => {
    const started = performance.now();
    try {
      const done = await body();
      const { detail, value } = typeof done === 'string' ? { detail: done, value: undefined as T } : done;
      const seconds = (performance.now() - started) / 1000;
      results.push({ step: name, ok: true, seconds, detail });
      print(`✓ ${name} (${seconds.toFixed(1)} s): ${detail}`);
      return value;
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const detail = error instanceof Error ? error.message : String(error);
      results.push({ step: name, ok: false, seconds, detail });
      print(`✗ ${name} (${seconds.toFixed(1)} s): ${detail}`);
      throw new StepFailed(`${name}: ${detail}`);
    }
  };

  const work = await mkdtemp(join(tmpdir(), 'inbox-hub-release-'));
  // Interrupted (Ctrl-C), the run exits without its `finally`: its servers are killed by
  // @inbox-hub/contract-testing, and its scratch folder goes here.
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  if (!options.keep) process.once('exit', removeWork);
  const cleanups: Array<() => Promise<void>> = [];
  const footprints: Footprint[] = [];
  try {
    // 1. Pack and check every package.
    const packs = join(work, 'packs');
    await mkdir(packs, { recursive: true });
    const packed: Packed[] = [];
    for (const pkg of PUBLIC_PACKAGES) {
      const p = await step(`pack ${pkg.name}`, async () => {
        const value = await pack(pkg, packs);
        const { manifest, files, size } = value;
        return {
          value,
          detail: `${manifest.name}@${manifest.version}, ${files.length} files, ${(size / 1024).toFixed(1)} kB`,
        };
      });
      packed.push(p);
    }
    for (const p of packed) {
      await step(`check ${p.pkg.name}`, async () => {
        const problems = await packedProblems(p);
        if (problems.length > 0) throw new Error(problems.join('\n'));
        const attw =
          p.pkg.attw === 'esm-only' ? 'attw (esm-only profile) clean' : `attw skipped: ${p.pkg.attw.skip}`;
        return `entry points present, dependencies published, publint clean, ${attw}`;
      });
    }

    // 2. A registry of our own, and everything published to it.
    const registryPort = await freePort();
    const registry = await startRegistry({
      storage: join(work, 'registry-storage'),
      port: registryPort,
      workDir: join(work, 'registry'),
    });
    cleanups.push(() => registry.stop());
    print(`  registry: ${registry.url} (Verdaccio; @inbox-hub/* and n8n-nodes-inbox-hub only from this run)`);
    for (const p of packed) {
      await step(`publish ${p.pkg.name}`, async () => {
        await run('npm', ['publish', p.tarball, '--registry', `${registry.url}/`, '--access', 'public'], {
          env: cleanNpmEnv(registry.npmrc),
          cwd: work,
        });
        return `${p.manifest.name}@${p.manifest.version} → ${registry.url}`;
      });
    }
    const stage = { work, registry: registry.url };

    // 3. What users do.
    const api = await step('npx -y @inbox-hub/sandbox --port …', async () => {
      const sandbox = await sandboxFromNpx(stage, await freePort());
      cleanups.push(() => sandbox.running.stop());
      return { value: sandbox, detail: `listening at ${sandbox.url}` };
    });
    await step('npx -y @inbox-hub/mcp-server (stdio, real MCP client)', () => mcpFromNpx(stage, api));
    const versions = await toolVersions();
    await step('blank TypeScript project: npm i @inbox-hub/client', () =>
      clientProject(stage, api, versions),
    );
    await step('npx -y @inbox-hub/cli sessions list', () => cliFromNpx(stage, api));
    await step('npx -y @inbox-hub/dashboard', async () => dashboardFromNpx(stage, api, await freePort()));
    await step('npx -y @inbox-hub/relay new-secret', () => relayFromNpx(stage));
    if (!options.skipN8n) {
      await step('n8n installs n8n-nodes-inbox-hub by name and runs it', async () =>
        n8nCommunityInstall(stage, api, await freePort()),
      );
    }

    // 4. Footprints: each package's production install, as a user gets it.
    for (const p of packed) {
      await step(`footprint ${p.pkg.name}`, async () => {
        const f = await footprint(stage, p.pkg.name);
        footprints.push(f);
        if (p.pkg.name === 'n8n-nodes-inbox-hub' && f.packages !== 1) {
          throw new Error(
            `npm install n8n-nodes-inbox-hub brought ${f.packages} packages: it must bring exactly itself (n8n-workflow comes from the host).`,
          );
        }
        return `${f.packages} package${f.packages === 1 ? '' : 's'}, ${(f.bytes / 1024 / 1024).toFixed(2)} MB`;
      });
    }
    return results;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    if (results.length > 0) {
      writeReport('release-rehearsal', { steps: results, footprints });
    }
    if (options.keep) print(`  scratch folder kept: ${work}`);
    else {
      process.off('exit', removeWork);
      await rm(work, { recursive: true, force: true }).catch(() => {});
    }
  }
}

/** npm's environment for publishing: the registry's `.npmrc` and nothing inherited from pnpm. */
export function cleanNpmEnv(npmrc: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  env.npm_config_userconfig = npmrc;
  env.npm_config_update_notifier = 'false';
  return env;
}

/** The TypeScript and @types/node a blank project installs: the workspace's own versions. */
export async function toolVersions(): Promise<{ typescript: string; typesNode: string }> {
  const workspace = parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    catalog?: Record<string, unknown>;
  };
  const find = (name: string) => {
    const version = workspace.catalog?.[name];
    if (typeof version !== 'string') throw new Error(`pnpm-workspace.yaml has no catalog version of ${name}`);
    return version;
  };
  return { typescript: find('typescript'), typesNode: find('@types/node') };
}
