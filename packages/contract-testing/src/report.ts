import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { specPath } from './spec-path.js';

/** Where test runs leave machine-readable results for `scripts/reliability-report.mjs` (git-ignored). */
export const reportsDir: string = join(dirname(specPath), '..', 'reports');

/** One cell of a fault matrix: a fault against one surface, what was expected and what happened. */
export interface MatrixCell {
  surface: string;
  fault: string;
  /** How the fault was applied, such as `once` or `every attempt`. */
  mode: string;
  expected: string;
  actual: string;
  pass: boolean;
}

/** Writes `reports/<name>.json` so the reliability page can be regenerated from the last run. */
export function writeReport(name: string, data: unknown): void {
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(
    join(reportsDir, `${name}.json`),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), data }, null, 2)}\n`,
  );
}
