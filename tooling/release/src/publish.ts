/**
 * The real publish, through the same packing and checks as the rehearsal: each public package is packed
 * with its repository URLs stamped from one `owner/name`, checked, and published with npm provenance.
 * A version already on the registry is skipped, so a re-run after a partial publish finishes the job.
 * Then `changeset tag` tags the versions (and tells changesets/action which releases to create).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@inbox-hub/contract-testing';
import { packedProblems } from './checks.js';
import { pack } from './pack.js';
import { PUBLIC_PACKAGES } from './packages.js';
import { root } from './paths.js';

export interface PublishOptions {
  /** `owner/name` of the GitHub repository the packages are built from (provenance checks it). */
  repository: string;
}

export async function publishAll(options: PublishOptions): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const work = await mkdtemp(join(tmpdir(), 'inbox-hub-publish-'));
  let published = 0;
  try {
    for (const pkg of PUBLIC_PACKAGES) {
      const packed = await pack(pkg, work, options.repository);
      const problems = await packedProblems(packed);
      if (problems.length > 0)
        throw new Error(`${pkg.name} would not install for users:\n${problems.join('\n')}`);
      const spec = `${packed.manifest.name}@${packed.version}`;
      const existing = await run('npm', ['view', spec, 'version'], { allowFailure: true, timeoutMs: 60_000 });
      if (existing.code === 0 && existing.stdout.trim() === packed.version) {
        print(`- ${spec} is already published: skipped`);
        continue;
      }
      await run('npm', ['publish', packed.tarball, '--access', 'public', '--provenance'], {
        timeoutMs: 300_000,
      });
      print(`✓ ${spec} published with provenance`);
      published++;
    }
    if (published > 0) {
      // The git tags, made by changesets itself: it also writes the report changesets/action reads
      // (CHANGESETS_OUTPUT, inherited from the environment) to push them and create the GitHub releases.
      const tagged = await run('pnpm', ['exec', 'changeset', 'tag'], { cwd: root, timeoutMs: 120_000 });
      print(tagged.stdout.trim());
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
