import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { reportsDir } from '@inbox-hub/contract-testing';
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

/** What the release rehearsal measured: each package's production install from its registry. */
interface Rehearsal {
  generatedAt: string;
  data: {
    steps: Array<{ step: string; ok: boolean }>;
    footprints: Array<{ name: string; packages: number; bytes: number }>;
  };
}

/**
 * #7: what users download and install. The n8n package's tarball (`npm pack --dry-run`), and the
 * footprint of each package's production install as the release rehearsal measured it (`npm install NAME
 * --omit=dev` from its registry, in an empty folder: `./x release --dry-run`, which `./x test` runs). The n8n
 * package, installed by hand into `~/.n8n/nodes`, must be exactly one package. Reported, no goal beyond that.
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
  const file = join(reportsDir, 'release-rehearsal.json');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: run ./x release --dry-run (or ./x test) first; it measures the installs.`,
    );
  }
  const rehearsal = JSON.parse(readFileSync(file, 'utf8')) as Rehearsal;
  // A failed rehearsal's figures are partial: reported as they are, the table would look complete.
  const failed = rehearsal.data.steps.find((step) => !step.ok);
  if (failed) throw new Error(`${file} is from a failed rehearsal (${failed.step}): run it again.`);
  const footprints = rehearsal.data.footprints;
  if (footprints.length === 0)
    throw new Error(`${file} has no footprints: the last rehearsal stopped early.`);
  const n8nInstall = footprints.find((f) => f.name === 'n8n-nodes-inbox-hub');
  return {
    id: 7,
    what: "what users download and install: the packed n8n package; each package's production install (from the release rehearsal's registry)",
    baseline: '–',
    ours: [
      `n8n-nodes-inbox-hub: ${bytes(n8n.size)} packed, ${bytes(n8n.unpackedSize)} unpacked, ${n8n.entryCount} files`,
      ...footprints.map(
        (f) => `${f.name}: ${f.packages} package${f.packages === 1 ? '' : 's'}, ${bytes(f.bytes)}`,
      ),
    ].join('; '),
    ratio: '–',
    goal: 'n8n package installed by hand: exactly 1 package',
    met: n8nInstall === undefined ? null : n8nInstall.packages === 1,
    notes: `Footprints from the release rehearsal of ${rehearsal.generatedAt.slice(0, 16).replace('T', ' ')} UTC (\`npm install NAME --omit=dev\` in an empty folder; packages counted with nested ones, bytes on disk in node_modules).`,
  };
}
