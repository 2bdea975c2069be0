/**
 * `pnpm bench`: runs every benchmark one after another, prints each figure with its baseline, ratio and
 * goal, and rewrites docs/benchmarks.md. Goals missed are reported, not fatal; a benchmark that crashes
 * makes the command fail.
 */
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { reportsDir } from '@inbox-hub/contract-testing';
import { benchBulkStatus } from './bench-bulk-status.js';
import { benchColdStart } from './bench-cold-start.js';
import { benchConnectCard } from './bench-connect-card.js';
import { benchLogins } from './bench-logins.js';
import { benchOverhead } from './bench-overhead.js';
import { benchPolling } from './bench-polling.js';
import { benchRelayInstances } from './bench-relay-instances.js';
import { benchRelayWatch } from './bench-relay-watch.js';
import { benchBundleSize, benchPackedSizes } from './bench-sizes.js';
import { page, table } from './markdown.js';
import type { BenchResult } from './result.js';

const benches: Array<[string, () => BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>]> = [
  ['#1 per-call overhead', benchOverhead],
  ['#2 logins', benchLogins],
  ['#3 bulk status', benchBulkStatus],
  ['#4 polling', benchPolling],
  ['#5 MCP cold start', benchColdStart],
  ['#6 bundle size', benchBundleSize],
  ['#7 packed sizes', benchPackedSizes],
  ['#8 #9 relay: requests per hour and detection delay, 10,000 sessions', benchRelayWatch],
  ['#10 relay: delivery rate, two instances against one', benchRelayInstances],
  ['#11 connect card: model calls and tokens', benchConnectCard],
];

const only = process.argv.slice(2).map(Number).filter(Boolean);
const results: BenchResult[] = [];
const errors: string[] = [];
for (const [name, run] of benches) {
  const ids = [...name.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
  if (only.length > 0 && !ids.some((id) => only.includes(id))) continue;
  process.stdout.write(`${name} … `);
  const started = performance.now();
  try {
    const produced = [await run()].flat();
    results.push(...produced);
    console.log(
      `${produced.map((r) => `${r.ratio} (goal ${r.goal})`).join('; ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    errors.push(`${name}: ${message}`);
    console.log(`FAILED: ${message}`);
  }
}

console.log(`\n${table(results)}\n`);
const machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.versions.node,
  os: `${type()} ${release()}`,
};
if (only.length === 0) {
  const path = join(reportsDir, '..', 'docs', 'benchmarks.md');
  writeFileSync(path, page(results, machine, new Date(), errors));
  console.log(`wrote ${path}`);
}
if (errors.length > 0) process.exitCode = 1;
