/** The tarball users install: no runtime dependencies, and every file the `n8n` field names is in it. */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, packAndExtract } from './e2e/pack.mjs';

let packed: Packed;
let manifest: {
  dependencies?: object;
  peerDependencies?: Record<string, string>;
  n8n: { nodes: string[]; credentials: string[] };
};

beforeAll(async () => {
  packed = await packAndExtract();
  manifest = JSON.parse(await readFile(join(packed.extracted, 'package.json'), 'utf8'));
}, 60_000);

afterAll(async () => {
  if (packed) await rm(dirname(packed.tarball), { recursive: true, force: true });
});

describe('npm pack', () => {
  it('has zero runtime dependencies and only n8n-workflow as peer', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
  });

  it('contains every node and credential file the n8n field lists, and their icons', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
      expect(paths.has(file), file).toBe(true);
    expect(paths.has('dist/icons/inboxHub.svg')).toBe(true);
    expect(paths.has('examples/onboard-client.json')).toBe(true);
  });

  it('ships bundled code that requires nothing but n8n-workflow and its own files', async () => {
    const paths = new Set(packed.files.map((f) => f.path));
    const scripts = packed.files.filter((f) => f.path.endsWith('.js')).map((f) => f.path);
    expect(scripts).toContain('dist/lib/inbox-hub-client.js');
    for (const file of scripts) {
      const code = await readFile(join(packed.extracted, file), 'utf8');
      for (const [, required] of code.matchAll(/require\("([^"]+)"\)/g)) {
        if (required === 'n8n-workflow') continue;
        // Anything else is one of the package's own files (the shared client bundle).
        expect(required, `${file} requires ${required}`).toMatch(/^\.\.?\//);
        expect(paths.has(posix.join(posix.dirname(file), required as string)), `${file} → ${required}`).toBe(
          true,
        );
      }
    }
  });

  it('stays small', () => {
    expect(packed.size).toBeLessThan(100_000);
  });
});
