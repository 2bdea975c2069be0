/**
 * The tarball checks on real packs of the workspace's packages, and on packs broken the ways a release
 * breaks: a folder left out of `files`, a private dependency, a stale source map.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attwProblems, publintProblems } from '../src/checks.js';
import { pack, stampRepository, tarballProblems } from '../src/pack.js';
import { PUBLIC_PACKAGES } from '../src/packages.js';
import { root } from '../src/paths.js';
import { brokenTarball, editManifest } from './support.js';

describe('tarball checks', () => {
  it('pass on the client as packed, and name what a broken "files" leaves out', async () => {
    const good = await brokenTarball('@inbox-hub/client', async () => {});
    const broken = await brokenTarball('@inbox-hub/client', async (dir) => {
      await editManifest(dir, (m) => {
        m.files = ['src', 'README.md'];
      });
      await rm(join(dir, 'dist'), { recursive: true });
    });
    try {
      expect(tarballProblems(good.packed)).toEqual([]);
      expect(await publintProblems(good.packed)).toEqual([]);
      expect(await attwProblems(good.packed)).toEqual([]);
      const problems = tarballProblems(broken.packed);
      expect(problems).toContain(
        'main points at dist/index.js, which is not in the tarball (check "files").',
      );
      expect(problems.some((p) => p.startsWith('exports points at dist/index.js'))).toBe(true);
      expect((await publintProblems(broken.packed)).join('\n')).toMatch(/dist\/index\.js/);
    } finally {
      await good.cleanup();
      await broken.cleanup();
    }
  });

  it('refuse a dependency nobody can install and a stale source map', async () => {
    const broken = await brokenTarball('@inbox-hub/mcp-server', async (dir) => {
      await editManifest(dir, (m) => {
        m.dependencies = {
          ...(m.dependencies as Record<string, string>),
          '@inbox-hub/contract-testing': '0.0.0',
          zod: 'catalog:',
        };
      });
      await rm(join(dir, 'dist', 'index.js'));
    });
    try {
      const problems = tarballProblems(broken.packed);
      expect(problems).toContain(
        'dependency @inbox-hub/contract-testing is not published: users cannot install it (bundle it, or publish it).',
      );
      expect(problems).toContain(
        'dependency zod@catalog: is a workspace range: publish with pnpm, which replaces it.',
      );
      expect(problems).toContain(
        'dist/index.js.map is a stale source map: its file is not in the tarball (clean dist before building).',
      );
    } finally {
      await broken.cleanup();
    }
  });
});

describe('stampRepository', () => {
  const manifest = JSON.stringify({
    name: '@inbox-hub/client',
    homepage: 'https://github.com/inbox-hub/inbox-hub-toolkit/tree/main/packages/client#readme',
    bugs: { url: 'https://github.com/inbox-hub/inbox-hub-toolkit/issues' },
    repository: {
      type: 'git',
      url: 'git+https://github.com/inbox-hub/inbox-hub-toolkit.git',
      directory: 'packages/client',
    },
  });

  it('points every URL at the one repository given', () => {
    const stamped = JSON.parse(stampRepository(manifest, 'acme/wa-toolkit'));
    expect(stamped.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/acme/wa-toolkit.git',
      directory: 'packages/client',
    });
    expect(stamped.homepage).toBe('https://github.com/acme/wa-toolkit/tree/main/packages/client#readme');
    expect(stamped.bugs).toEqual({ url: 'https://github.com/acme/wa-toolkit/issues' });
  });

  it("stamps the tarball that pack() makes, and leaves the repository's package.json alone", async () => {
    const source = join(root, 'packages', 'client', 'package.json');
    const before = await readFile(source, 'utf8');
    const work = await mkdtemp(join(tmpdir(), 'release-stamp-'));
    try {
      const client = PUBLIC_PACKAGES.find((p) => p.name === '@inbox-hub/client');
      if (!client) throw new Error('no client in PUBLIC_PACKAGES');
      const packed = await pack(client, work, 'acme/wa-toolkit');
      expect(packed.manifest.repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/acme/wa-toolkit.git',
        directory: 'packages/client',
      });
      expect(tarballProblems(packed)).toEqual([]);
      expect(await readFile(source, 'utf8')).toBe(before);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('refuses anything but owner/name', () => {
    expect(() => stampRepository(manifest, 'https://github.com/acme/x')).toThrow(/owner\/name/);
  });
});
