import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { options } from '../src/rules.js';

const root = join(import.meta.dirname, '..', '..', '..');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** A workspace package's name: its imports must resolve, or a rule could miss them. */
const WORKSPACE = /^(@inbox-hub\/|n8n-nodes-inbox-hub$)/;

/** Cruises `dirs` (relative to `base`): the rule violations, and workspace imports that did not resolve. */
async function violations(
  base: string,
  dirs: string[],
): Promise<{ found: Violation[]; unresolved: string[] }> {
  const cwd = process.cwd();
  process.chdir(base);
  try {
    const result: IReporterOutput = await cruise(dirs, options());
    const output = result.output;
    if (typeof output === 'string') throw new Error(output);
    const unresolved = output.modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.couldNotResolve && WORKSPACE.test(d.module))
        .map((d) => `${m.source} → ${d.module}`),
    );
    const found = output.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: v.from,
      to: v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to,
    }));
    return { found, unresolved };
  } finally {
    process.chdir(cwd);
  }
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every workspace manifest under apps/, packages/ and tooling/. */
function manifests(): Manifest[] {
  return ['apps', 'packages', 'tooling'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, 'package.json')))
      .map((d) => JSON.parse(readFileSync(join(root, group, d.name, 'package.json'), 'utf8')) as Manifest),
  );
}

describe('the layers point one way', () => {
  it('this check runs after every workspace package that something imports is built', () => {
    // turbo orders this package's test after the build of its own dependencies only ("^build"). A workspace
    // package imported somewhere but missing here would be resolved from a dist/ that may not exist yet:
    // the cruise would then fail, or pass, by the luck of the schedule.
    const all = manifests();
    const self = all.find((m) => m.name === '@inbox-hub/architecture');
    const imported = new Set(
      all.flatMap((m) =>
        Object.entries({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies })
          .filter(([name, range]) => range.startsWith('workspace:') && name !== m.name)
          .map(([name]) => name),
      ),
    );
    imported.delete('@inbox-hub/architecture');
    const missing = [...imported].filter((name) => !self?.devDependencies?.[name]).sort();
    expect(missing, 'add these to tooling/architecture/package.json devDependencies').toEqual([]);
  });

  it('in this repository: no package imports an app, nothing imports tooling, no cycles', async () => {
    const dirs = ['apps', 'packages', 'tooling'].filter((d) => existsSync(join(root, d)));
    const { found, unresolved } = await violations(root, dirs);
    // Every workspace import must resolve (turbo builds the packages first), or the rules could not see it.
    expect(unresolved).toEqual([]);
    expect(found).toEqual([]);
  });

  it('catches a package importing an app, an app importing tooling, and a cycle (fixtures)', async () => {
    const { found } = await violations(join(import.meta.dirname, 'fixtures'), [
      'apps',
      'packages',
      'tooling',
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'package-imports-app', from: 'packages/lib/src/uses-app.ts' }),
        expect.objectContaining({ rule: 'imports-tooling', from: 'apps/web/src/uses-tooling.ts' }),
        expect.objectContaining({ rule: 'no-cycles' }),
      ]),
    );
  });
});
