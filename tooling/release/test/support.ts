import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Packed, pack, repack } from '../src/pack.js';
import { PUBLIC_PACKAGES, type PublicPackage } from '../src/packages.js';

function publicPackage(name: string): PublicPackage {
  const pkg = PUBLIC_PACKAGES.find((p) => p.name === name);
  if (!pkg) throw new Error(`no public package ${name}`);
  return pkg;
}

/** Packs the real package, then rebuilds its tarball after `edit` changed the extracted files. */
export async function brokenTarball(
  name: string,
  edit: (packageDir: string) => Promise<void>,
): Promise<{ packed: Packed; cleanup(): Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'release-broken-'));
  const good = await pack(publicPackage(name), work);
  return {
    packed: await repack(good.pkg, good.tarball, edit),
    cleanup: () => rm(work, { recursive: true, force: true }),
  };
}

/** Edits the extracted package.json. */
export async function editManifest(packageDir: string, change: (manifest: Record<string, unknown>) => void) {
  const file = join(packageDir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  change(manifest);
  await writeFile(file, JSON.stringify(manifest, null, 2));
}
