/**
 * The rehearsal fails when a package would not run for a user, even when every static check passes: the
 * client's tarball without one internal module is published to a real throwaway registry, and the blank
 * project (npm install, typecheck, the guide's Caso 1) stops with the reason. The same step passes with the
 * tarball as packed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canary, freePort, run } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attwProblems, publintProblems } from '../src/checks.js';
import { tarballProblems } from '../src/pack.js';
import { type Registry, startRegistry } from '../src/registry.js';
import { cleanNpmEnv, toolVersions } from '../src/rehearse.js';
import { clientProject } from '../src/scenarios/users.js';
import { brokenTarball } from './support.js';

describe('a tarball that installs but does not run', () => {
  let sandbox: RunningSandbox;
  let work: string;
  let registry: Registry | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    work = await mkdtemp(join(tmpdir(), 'release-broken-install-'));
  });
  afterAll(async () => {
    await registry?.stop();
    await sandbox?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('fails the blank-project step with the missing module, though every static check passes', async () => {
    const broken = await brokenTarball('@inbox-hub/client', async (dir) => {
      await rm(join(dir, 'dist', 'internal', 'transport.js'));
      await rm(join(dir, 'dist', 'internal', 'transport.js.map'), { force: true });
    });
    try {
      expect(tarballProblems(broken.packed)).toEqual([]);
      expect(await publintProblems(broken.packed)).toEqual([]);
      expect(await attwProblems(broken.packed)).toEqual([]);

      registry = await startRegistry({
        storage: join(work, 'registry-storage'),
        port: await freePort(),
        workDir: join(work, 'registry'),
      });
      await run('npm', ['publish', broken.packed.tarball, '--registry', `${registry.url}/`], {
        env: cleanNpmEnv(registry.npmrc),
        cwd: work,
      });
      const step = clientProject(
        { work, registry: registry.url },
        { url: sandbox.url, apiKey: canary.apiKey },
        await toolVersions(),
      );
      await expect(step).rejects.toThrow(/transport\.js/);
    } finally {
      await broken.cleanup();
    }
  });
});
