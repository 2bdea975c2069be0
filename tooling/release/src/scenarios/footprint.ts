import { lstat, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '@inbox-hub/contract-testing';
import { userFolder } from '../user-env.js';
import type { Stage } from './users.js';

/** A production install's footprint. */
export interface Footprint {
  name: string;
  /** Packages in node_modules, the installed one included. */
  packages: number;
  /** Bytes on disk under node_modules. */
  bytes: number;
}

/** `npm install NAME --omit=dev` in an empty folder: how many packages and how many bytes it brings. */
export async function footprint(stage: Stage, name: string): Promise<Footprint> {
  const { dir, env } = await userFolder(
    stage.work,
    `footprint-${name.replace(/[@/]/g, '_')}`,
    stage.registry,
  );
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'footprint', private: true }));
  await run('npm', ['install', name, '--omit=dev', '--no-package-lock'], { cwd: dir, env });
  const modules = join(dir, 'node_modules');
  return { name, packages: await countPackages(modules), bytes: await sizeOf(modules) };
}

/** Every installed package under a node_modules folder, nested ones included. */
async function countPackages(modules: string): Promise<number> {
  let count = 0;
  const visit = async (folder: string): Promise<void> => {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        await visit(join(folder, entry));
        continue;
      }
      const path = join(folder, entry);
      try {
        await stat(join(path, 'package.json'));
      } catch {
        continue;
      }
      count++;
      await visit(join(path, 'node_modules'));
    }
  };
  await visit(modules);
  return count;
}

/** Bytes under `path`; a symlink (node_modules/.bin) counts as itself, not as the file it points at. */
async function sizeOf(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}
