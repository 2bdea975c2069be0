/** The tarball users install: no runtime dependencies, and every file the `n8n` field names is in it. */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

  it('ships bundled code that requires nothing but n8n-workflow', async () => {
    for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
      const code = await readFile(join(packed.extracted, file), 'utf8');
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(new Set(required), file).toEqual(new Set(required.length ? ['n8n-workflow'] : []));
      expect(code, file).not.toMatch(/\bprocess\.env\b|\bsetTimeout\(|\bsetInterval\(/);
    }
  });

  it('stays small', () => {
    expect(packed.size).toBeLessThan(100_000);
  });
});
