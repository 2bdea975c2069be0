/**
 * n8n's own verification, run here: `@n8n/scan-community-package` lints the attested source (package.json,
 * nodes/, credentials/) and the published tarball's compiled JavaScript with n8n's community-node rules,
 * among them no restricted globals (setTimeout, globalThis, process…) and no imports beyond n8n's allow
 * list. Its registry steps (provenance, download) need the public registry; the lint is what they gate.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, packAndExtract, packageDir } from './e2e/pack.mjs';

interface ScanResult {
  passed: boolean;
  message?: string;
  details?: string;
}

/** The scanner's lint of `dir`, in a child process without Vitest's NODE_ENV (see scan-package.mjs). */
async function scan(dir: string, which: 'source' | 'tarball'): Promise<ScanResult> {
  const { NODE_ENV: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(import.meta.dirname, 'scan-package.mjs'), dir, which],
    { env, maxBuffer: 10_000_000 },
  );
  return JSON.parse(stdout) as ScanResult;
}

let packed: Packed;
beforeAll(async () => {
  packed = await packAndExtract();
}, 60_000);
afterAll(async () => {
  if (packed) await rm(dirname(packed.tarball), { recursive: true, force: true });
});

describe("n8n's community package scanner", () => {
  it('passes on the source it would lint (package.json, nodes/, credentials/)', async () => {
    const result = await scan(packageDir, 'source');
    expect(result.details ?? result.message ?? '', 'scanner findings').toBe('');
    expect(result.passed).toBe(true);
  }, 120_000);

  it('fails a bundle that uses a timer global (so the two checks above can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inbox-hub-scan-'));
    try {
      await writeFile(
        join(dir, 'index.js'),
        'exports.wait = (ms) => new Promise((r) => setTimeout(r, ms));\n',
      );
      const result = await scan(dir, 'tarball');
      expect(result.passed).toBe(false);
      expect(result.details).toMatch(/setTimeout/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('passes on the tarball users install (compiled dist/*.js and package.json)', async () => {
    const result = await scan(packed.extracted, 'tarball');
    expect(result.details ?? result.message ?? '', 'scanner findings').toBe('');
    expect(result.passed).toBe(true);
  }, 120_000);
});
