/**
 * The real publish, through the same packing and checks as the rehearsal: each public package is packed
 * with its repository URLs stamped from one `owner/name`, checked, and published with npm provenance.
 * Every package is packed and checked before the first is published. A version already on the registry
 * is skipped, so a re-run after a partial publish finishes the job. Then `changeset tag` tags the versions
 * (and tells changesets/action which releases to create).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@inbox-hub/contract-testing';
import { packedProblems } from './checks.js';
import { type Packed, pack } from './pack.js';
import { PUBLIC_PACKAGES } from './packages.js';
import { root } from './paths.js';

export interface PublishOptions {
  /** `owner/name` of the GitHub repository the packages are built from (provenance checks it). */
  repository: string;
}

export async function publishAll(options: PublishOptions): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const work = await mkdtemp(join(tmpdir(), 'inbox-hub-publish-'));
  try {
    // Every package packed and checked before any is published: a problem in the last one must not
    // leave the others on npm without it.
    const packed: Packed[] = [];
    for (const pkg of PUBLIC_PACKAGES) packed.push(await pack(pkg, work, options.repository));
    const problems = (
      await Promise.all(
        packed.map(async (p) => (await packedProblems(p)).map((problem) => `${p.pkg.name}: ${problem}`)),
      )
    ).flat();
    if (problems.length > 0) {
      throw new Error(`Nothing was published; these would not install for users:\n${problems.join('\n')}`);
    }
    for (const { tarball, manifest } of packed) {
      const spec = `${manifest.name}@${manifest.version}`;
      const existing = await run('npm', ['view', spec, 'version'], { allowFailure: true, timeoutMs: 60_000 });
      if (existing.code === 0 && existing.stdout.trim() === manifest.version) {
        print(`- ${spec} is already published: skipped`);
        continue;
      }
      await run('npm', ['publish', tarball, '--access', 'public', '--provenance'], { timeoutMs: 300_000 });
      print(`✓ ${spec} published with provenance`);
    }
    // The git tags, made by changesets itself: it also writes the report changesets/action reads
    // (CHANGESETS_OUTPUT, inherited from the environment) to push them and create the GitHub releases.
    // Always, not only after a publish: a run that published and then failed is finished by the next one,
    // which publishes nothing, and changesets skips the tags that exist already.
    const tagged = await run('pnpm', ['exec', 'changeset', 'tag'], { cwd: root, timeoutMs: 120_000 });
    print(tagged.stdout.trim());
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
