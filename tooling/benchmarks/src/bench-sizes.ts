import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BenchResult, bytes } from './result.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** #6: the client's bundle, min + gzip, measured by size-limit (the same budget CI enforces). */
export function benchBundleSize(): BenchResult {
  const clientDir = packageDir('@inbox-hub/client');
  const sizeLimit = join(
    dirname(createRequire(join(clientDir, 'package.json')).resolve('size-limit/package.json')),
    'bin.js',
  );
  const out = execFileSync(process.execPath, [sizeLimit, '--json'], { cwd: clientDir, encoding: 'utf8' });
  const results = JSON.parse(out) as Array<{ name: string; size: number; sizeLimit?: number }>;
  const ours = results.find((r) => r.name.startsWith('@inbox-hub/client'));
  const base = results.find((r) => r.name.startsWith('openapi-fetch'));
  if (!ours || !base) throw new Error('size-limit did not report both entries');
  return {
    id: 6,
    what: '`@inbox-hub/client` bundle, whole public API, min + gzip (size-limit)',
    baseline: `openapi-fetch alone: ${bytes(base.size)}`,
    ours: `client with openapi-fetch: ${bytes(ours.size)}`,
    ratio: `${(ours.size / base.size).toFixed(2)}×`,
    goal: `≤ 8 kB (CI budget ${bytes(ours.sizeLimit ?? 0)})`,
    met: ours.size <= 8_000,
  };
}

/** The environment for a plain npm: without the pnpm settings a `pnpm run` puts there for its own use. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)),
  );
}

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/**
 * #7: what users download: the n8n package's tarball, and a production install of the MCP server
 * (packed client + server tarballs installed with npm from the registry). Reported, no goal.
 */
export function benchPackedSizes(): BenchResult {
  const n8nDir = packageDir('n8n-nodes-inbox-hub');
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: n8nDir,
      encoding: 'utf8',
    }),
  ) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
  const n8n = packed[0];
  if (!n8n) throw new Error('npm pack reported nothing');

  const work = mkdtempSync(join(tmpdir(), 'bench-mcp-install-'));
  try {
    const pnpm = process.env.npm_execpath;
    const pack = (name: string) => {
      const args = ['pack', '--pack-destination', work];
      const out = pnpm
        ? execFileSync(process.execPath, [pnpm, ...args], { cwd: packageDir(name), encoding: 'utf8' })
        : execFileSync('pnpm', args, { cwd: packageDir(name), encoding: 'utf8' });
      return out.trim().split('\n').pop() as string;
    };
    const tarballs = [pack('@inbox-hub/client'), pack('@inbox-hub/mcp-server')];
    const app = join(work, 'app');
    execFileSync('npm', ['init', '-y'], { cwd: work, stdio: 'ignore', env: npmEnv() });
    execFileSync(
      'npm',
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', app, ...tarballs],
      { cwd: work, stdio: 'ignore', env: npmEnv(), timeout: 300_000 },
    );
    const installed = duBytes(join(app, 'node_modules'));
    const count = readdirSync(join(app, 'node_modules'), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    ).length;
    return {
      id: 7,
      what: 'packed n8n package; production install of the MCP server',
      baseline: '–',
      ours: `n8n-nodes-inbox-hub: ${bytes(n8n.size)} packed, ${bytes(n8n.unpackedSize)} unpacked, ${n8n.entryCount} files; @inbox-hub/mcp-server install: ${bytes(installed)} in node_modules (${count} top-level entries)`,
      ratio: '–',
      goal: 'reported',
      met: null,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
