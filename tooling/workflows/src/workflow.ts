/**
 * Reads GitHub Actions workflows as data, so tests can hold the release workflow to the rehearsal's
 * commands instead of trusting a comment in the YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The repository root (this file is tooling/workflows/src/workflow.ts). */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Where the workflows live. */
export const WORKFLOWS_DIR = join(ROOT, '.github', 'workflows');

/** One step of a job, as written. */
export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

/** One job, as written. */
export interface Job {
  if?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}

/** A workflow, as written. */
export interface Workflow {
  name?: string;
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Parses a workflow's YAML. */
export function parseWorkflow(text: string): Workflow {
  return parse(text) as Workflow;
}

/** Reads `.github/workflows/<file>`: its text and its parsed form. */
export function readWorkflow(file: string): { text: string; workflow: Workflow } {
  const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
  return { text, workflow: parseWorkflow(text) };
}

/** The action a `uses:` names, without its ref: `changesets/action@abc…` → `changesets/action`. */
function actionName(uses: string): string {
  return uses.replace(/@.*$/, '');
}

/** The inputs of an action that are commands it runs (changesets/action's scripts). */
const COMMAND_INPUTS = ['version-script', 'publish-script'] as const;

/**
 * Every command a job runs, in order: each `run:` step, and each command input of an action
 * (`version-script`, `publish-script`). Actions are listed as `uses <name>`.
 */
export function jobCommands(job: Job): string[] {
  return job.steps.flatMap((step) => {
    if (step.run !== undefined) return [step.run.trim()];
    const uses = `uses ${actionName(step.uses ?? '?')}`;
    const commands = COMMAND_INPUTS.filter((input) => step.with?.[input] !== undefined).map((input) =>
      String(step.with?.[input]).trim(),
    );
    return [uses, ...commands];
  });
}

/** A GitHub Actions expression as written in a workflow: `expression('github.ref')` is `${{ github.ref }}`. */
export function expression(inner: string): string {
  return `\${{ ${inner} }}`;
}
