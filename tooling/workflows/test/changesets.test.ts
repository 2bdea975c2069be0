import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PUBLIC_PACKAGES } from '@inbox-hub/release/packages';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../src/workflow.js';

// The changesets config is proved by using it: the release PR's version step (version-packages:
// `changeset version`, then the MCP server's version into server.json and the bundle manifest) runs in a
// temporary copy of the workspace (its package.json files, .changeset/ and those two files), and the
// result is what a release must be.
// The packages the release publishes: the rehearsal's list, so a package versioned by changesets but never
// published (or the other way round) fails here.
const RELEASED = PUBLIC_PACKAGES.map((p) => p.name);
const VERSION_PACKAGES = join(ROOT, 'tooling', 'workflows', 'scripts', 'version-packages.mjs');
const MCP_FILES = ['apps/mcp-server/server.json', 'apps/mcp-server/mcpb/manifest.json'];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
}

/** Every workspace package: its folder (relative to the root) and its package.json. */
function workspacePackages(root: string): Array<{ dir: string; pkg: Manifest }> {
  const globs = (parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] })
    .packages;
  return globs.flatMap((glob) => {
    const dirs = glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2))).map((d) => `${glob.slice(0, -2)}/${d}`)
      : [glob];
    return dirs
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .map((dir) => ({
        dir,
        pkg: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest,
      }));
  });
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A copy of what `changeset version` reads and writes, as a git repository (the changelog names commits). */
function copyWorkspace(edit?: (root: string) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'inbox-hub-changesets-'));
  temps.push(copy);
  for (const file of ['package.json', 'pnpm-workspace.yaml', ...MCP_FILES]) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }
  cpSync(join(ROOT, '.changeset'), join(copy, '.changeset'), { recursive: true });
  for (const { dir } of workspacePackages(ROOT)) {
    mkdirSync(join(copy, dir), { recursive: true });
    cpSync(join(ROOT, dir, 'package.json'), join(copy, dir, 'package.json'));
  }
  // changesets resolves its changelog generator from the workspace's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  edit?.(copy);
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd: copy,
      encoding: 'utf8',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  const commit = git('commit', '-q', '-m', 'workspace');
  if (commit.status !== 0) throw new Error(`git commit failed: ${commit.stderr}`);
  return copy;
}

/** The changeset files waiting for the next release. */
function pendingChangesets(root: string): string[] {
  return readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
}

function versionPackages(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [VERSION_PACKAGES, '--root', root], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CI: 'true' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const readJson = <T>(root: string, file: string): T =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

describe('the changesets config', () => {
  const config = readJson<{ fixed: string[][]; ignore: string[]; access: string }>(
    ROOT,
    '.changeset/config.json',
  );

  it('releases the published packages as one fixed group and ignores every other workspace package', () => {
    expect(config.access).toBe('public');
    expect(config.fixed.map((group) => [...group].sort())).toEqual([[...RELEASED].sort()]);
    const others = workspacePackages(ROOT).filter(({ pkg }) => !RELEASED.includes(pkg.name));
    expect([...config.ignore].sort()).toEqual(others.map(({ pkg }) => pkg.name).sort());
    for (const { pkg } of others) expect(pkg.private, `${pkg.name} is private`).toBe(true);
  });

  it('has pending changesets that name only packages of the group', () => {
    // Holds with none pending too (right after a release); a changeset naming a private or misspelled
    // package would make `changeset version` fail on the release PR instead.
    for (const file of pendingChangesets(ROOT)) {
      const front = readFileSync(join(ROOT, '.changeset', file), 'utf8').split('---')[1] ?? '';
      const named = [...front.matchAll(/^"([^"]+)":\s*(major|minor|patch)\s*$/gm)].map((m) => m[1]);
      expect(named.length, file).toBeGreaterThan(0);
      for (const name of named) expect(RELEASED, `${file} names ${name}`).toContain(name);
    }
  });

  it('versions the workspace: one new version for the group, changelogs, server.json and the bundle manifest follow', () => {
    const before = new Map(workspacePackages(ROOT).map(({ dir, pkg }) => [dir, pkg]));
    // One changeset for one package, in place of whatever is pending: the fixed group takes all along.
    const copy = copyWorkspace((root) => {
      for (const file of pendingChangesets(root)) rmSync(join(root, '.changeset', file));
      writeFileSync(
        join(root, '.changeset', 'test-fix.md'),
        '---\n"@inbox-hub/client": patch\n---\n\nA test release note.\n',
      );
    });
    const run = versionPackages(copy);
    expect(run.status, run.output).toBe(0);

    const after = workspacePackages(copy);
    const released = after.filter(({ pkg }) => RELEASED.includes(pkg.name));
    expect(released).toHaveLength(RELEASED.length);
    const versions = new Set(released.map(({ pkg }) => pkg.version));
    expect(versions.size).toBe(1);
    const [version] = [...versions] as [string];
    for (const { dir, pkg } of released) {
      expect(version, pkg.name).not.toBe(before.get(dir)?.version);
      const changelog = readFileSync(join(copy, dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${version}`);
      // The note goes to the package it names; the rest of the group gets the version alone.
      if (pkg.name === '@inbox-hub/client') expect(changelog).toContain('A test release note.');
    }
    // Nothing else moves.
    for (const { dir, pkg } of after.filter(({ pkg }) => !RELEASED.includes(pkg.name))) {
      expect(pkg).toEqual(before.get(dir));
      expect(existsSync(join(copy, dir, 'CHANGELOG.md')), dir).toBe(false);
    }
    // The changesets were consumed.
    expect(readdirSync(join(copy, '.changeset')).sort()).toEqual(['README.md', 'config.json']);

    const server = readJson<{ version: string; packages: Array<{ identifier: string; version: string }> }>(
      copy,
      MCP_FILES[0] as string,
    );
    expect(server.version).toBe(version);
    expect(server.packages.find((p) => p.identifier === '@inbox-hub/mcp-server')?.version).toBe(version);
    expect(readJson<{ version: string }>(copy, MCP_FILES[1] as string).version).toBe(version);
  });

  it('keeps server.json and the manifest in the layout version-packages writes, so a release changes only versions', () => {
    for (const file of MCP_FILES) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`, file).toBe(text);
    }
  });

  it('fails, and changes nothing, when the config would release a package without its dependency', () => {
    // @inbox-hub/mcp-server depends on @inbox-hub/config at run time: ignoring config is a broken release.
    const copy = copyWorkspace((root) => {
      const file = join(root, '.changeset', 'config.json');
      const broken = JSON.parse(readFileSync(file, 'utf8'));
      broken.fixed = [RELEASED.filter((name) => name !== '@inbox-hub/config')];
      broken.ignore.push('@inbox-hub/config');
      writeFileSync(file, JSON.stringify(broken));
    });
    const run = versionPackages(copy);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/depends on the skipped package "@inbox-hub\/config"/);
    for (const file of MCP_FILES) {
      expect(readFileSync(join(copy, file), 'utf8'), file).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });
});
