import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { run } from '@inbox-hub/contract-testing';
import { isOwnName, PUBLIC_NAMES, type PublicPackage } from './packages.js';
import { root } from './paths.js';

/** A packed package: its tarball, the manifest inside it and the files it holds. */
export interface Packed {
  pkg: PublicPackage;
  tarball: string;
  manifest: Manifest;
  files: string[];
  /** Bytes of the tarball. */
  size: number;
}

/** The fields of a package.json the checks read. */
export interface Manifest {
  name: string;
  version: string;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  files?: string[];
  repository?: { url?: string; directory?: string };
  n8n?: { credentials?: string[]; nodes?: string[] };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * Packs a package the way the release does (`pnpm pack`: `workspace:` and `catalog:` become versions).
 * With `repository` ("owner/name"), the manifest in the tarball gets its repository, homepage and bugs
 * URLs pointed there; the repository's own files are never touched.
 */
export async function pack(pkg: PublicPackage, dest: string, repository?: string): Promise<Packed> {
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, pkg.dir) });
  const tarball = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .reverse()
    .find((line) => line.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${stdout}`);
  const path = tarball.startsWith('/') ? tarball : join(dest, basename(tarball));
  if (repository === undefined) return inspect(pkg, path);
  return repack(pkg, path, async (packageDir) => {
    const manifest = join(packageDir, 'package.json');
    await writeFile(manifest, stampRepository(await readFile(manifest, 'utf8'), repository));
  });
}

/** Rebuilds `tarball` in place after `edit` changed its extracted `package/` folder. */
export async function repack(
  pkg: PublicPackage,
  tarball: string,
  edit: (packageDir: string) => Promise<void>,
): Promise<Packed> {
  const extracted = await mkdtemp(join(dirname(tarball), 'repack-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', extracted]);
    await edit(join(extracted, 'package'));
    await run('tar', ['-czf', tarball, '-C', extracted, 'package']);
  } finally {
    await rm(extracted, { recursive: true, force: true });
  }
  return inspect(pkg, tarball);
}

/** Rewrites the repository URLs of a package.json's text for `owner/name`. */
export function stampRepository(text: string, repository: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(`--repository must be owner/name, such as acme/inbox-hub-toolkit; got "${repository}".`);
  }
  const manifest = JSON.parse(text) as Record<string, unknown> & Manifest;
  const web = `https://github.com/${repository}`;
  const directory = manifest.repository?.directory;
  manifest.repository = { ...manifest.repository, url: `git+${web}.git` };
  if (manifest.homepage !== undefined) {
    manifest.homepage = `${web}/tree/main/${directory ?? ''}#readme`.replace('/#', '#');
  }
  if (manifest.bugs !== undefined) manifest.bugs = { url: `${web}/issues` };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads a tarball's manifest and file list. */
export async function inspect(pkg: PublicPackage, tarball: string): Promise<Packed> {
  const list = await run('tar', ['-tzf', tarball]);
  const files = list.stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const text = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  const manifest = JSON.parse(text.stdout) as Manifest;
  const { size } = await stat(tarball);
  return { pkg, tarball, manifest, files, size };
}

/**
 * What would break a user's install or run: an entry point the tarball lacks, a dependency on a package
 * that is not published (a private workspace package, or a `workspace:`/`catalog:` range left in), a source
 * map whose file is not there (left over from an earlier build). Returns one sentence per problem.
 */
export function tarballProblems(packed: Packed): string[] {
  const { manifest, files } = packed;
  const have = new Set(files);
  const problems: string[] = [];
  const entry = (what: string, path: string | undefined) => {
    if (path === undefined) return;
    const clean = path.replace(/^\.\//, '');
    if (!have.has(clean))
      problems.push(`${what} points at ${clean}, which is not in the tarball (check "files").`);
  };
  entry('main', manifest.main);
  entry('types', manifest.types);
  for (const [name, path] of Object.entries(
    typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {}),
  )) {
    entry(`bin ${name}`, path);
  }
  for (const path of exportTargets(manifest.exports)) entry('exports', path);
  for (const path of [...(manifest.n8n?.credentials ?? []), ...(manifest.n8n?.nodes ?? [])])
    entry('n8n', path);
  const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  for (const [name, range] of Object.entries(deps)) {
    if (/^(workspace|catalog|link|file):/.test(range)) {
      problems.push(
        `dependency ${name}@${range} is a workspace range: publish with pnpm, which replaces it.`,
      );
    }
    if (isOwnName(name) && !PUBLIC_NAMES.has(name)) {
      problems.push(
        `dependency ${name} is not published: users cannot install it (bundle it, or publish it).`,
      );
    }
  }
  for (const file of files) {
    if (file.endsWith('.map') && !have.has(file.slice(0, -'.map'.length))) {
      problems.push(
        `${file} is a stale source map: its file is not in the tarball (clean dist before building).`,
      );
    }
  }
  return problems;
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return exports.includes('*') ? [] : [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap((value) => exportTargets(value));
}
