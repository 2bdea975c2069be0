import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { canary, freePort } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HttpBin, startHttpBin } from './bin-process.js';

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance), every server scenario, against
 * the built bin over Streamable HTTP on loopback (the bin's API is the Prism mock). The committed
 * baseline says which scenarios apply to a product server; those must pass, the others are printed with
 * the reason they do not apply. A scenario the baseline does not know fails the run until it is sorted.
 */

const CONFORMANCE = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url),
);
const BASELINE = fileURLToPath(new URL('../conformance-baseline.json', import.meta.url));

interface Baseline {
  suite: string;
  scenarios: Record<string, { applies: true } | { applies: false; why: string }>;
}
interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let bin: HttpBin;
let out: string;
let baseline: Baseline;
/** Scenario name → its checks, as the suite saved them. */
const results = new Map<string, Check[]>();

const passed = (checks: Check[]) =>
  checks.length > 0 && checks.every((c) => c.status !== 'FAILURE' && c.status !== 'WARNING');

beforeAll(async () => {
  baseline = JSON.parse(await readFile(BASELINE, 'utf8')) as Baseline;
  bin = await startHttpBin(['--port', String(await freePort())], {
    INBOX_HUB_BASE_URL: inject('baseUrl'),
    INBOX_HUB_API_KEY: canary.apiKey,
  });
  out = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
  // The suite exits 1 when any scenario fails, and many do not apply: the verdict is ours, from its files.
  await promisify(execFile)(
    process.execPath,
    [CONFORMANCE, 'server', '--url', bin.url, '--suite', baseline.suite, '--output-dir', out],
    { maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { code?: unknown }) => {
    if (typeof error.code !== 'number') throw error;
  });
  for (const dir of await readdir(out)) {
    const scenario = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir)?.[1];
    if (scenario === undefined) continue;
    results.set(scenario, JSON.parse(await readFile(join(out, dir, 'checks.json'), 'utf8')) as Check[]);
  }
  process.stdout.write(report());
}, 120_000);

afterAll(async () => {
  await bin?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

/** One line per scenario, for the CI log. */
function report(): string {
  const lines = [...results.entries()].map(([scenario, checks]) => {
    const entry = baseline.scenarios[scenario];
    const verdict = passed(checks) ? 'pass' : 'fail';
    if (entry === undefined) return `  ? ${scenario}: ${verdict}, not in conformance-baseline.json`;
    if (entry.applies) {
      const why = passed(checks) ? '' : ` (${checks.map((c) => c.errorMessage ?? c.status).join('; ')})`;
      return `  ${passed(checks) ? '✓' : '✗'} ${scenario}: ${verdict}${why}`;
    }
    return `  - ${scenario}: ${verdict}, does not apply: ${entry.why}`;
  });
  const applying = [...results.keys()].filter((s) => baseline.scenarios[s]?.applies);
  const good = applying.filter((s) => passed(results.get(s) ?? []));
  return `MCP conformance (${baseline.suite} suite, ${results.size} scenarios): ${good.length}/${applying.length} applicable scenarios pass\n${lines.join('\n')}\n`;
}

describe('MCP conformance suite', () => {
  it('ran every scenario, and the baseline classifies each one (no unknown, none stale)', () => {
    expect(results.size).toBeGreaterThan(20);
    const unknown = [...results.keys()].filter((s) => baseline.scenarios[s] === undefined);
    expect(unknown, 'new scenarios: classify them in conformance-baseline.json').toEqual([]);
    const stale = Object.keys(baseline.scenarios).filter((s) => !results.has(s));
    expect(stale, 'scenarios the suite no longer has: remove them from the baseline').toEqual([]);
    for (const [scenario, entry] of Object.entries(baseline.scenarios)) {
      if (!entry.applies) expect(entry.why.length, scenario).toBeGreaterThan(20);
    }
  });

  it('passes every scenario that applies to this server', () => {
    const failing = Object.entries(baseline.scenarios)
      .filter(([, entry]) => entry.applies)
      .map(([scenario]) => scenario)
      .filter((scenario) => !passed(results.get(scenario) ?? []))
      .map((scenario) => `${scenario}: ${JSON.stringify(results.get(scenario) ?? 'not run')}`);
    expect(failing).toEqual([]);
  });
});
