#!/usr/bin/env node
/**
 * `./x release --dry-run`: the rehearsal against a throwaway registry (what CI runs).
 * `./x release --publish --repository owner/name`: the real publish (what the release workflow runs).
 */
import { publishAll } from './publish.js';
import { rehearse, StepFailed } from './rehearse.js';

const USAGE = `Usage:
  ./x release --dry-run [--keep] [--skip-n8n]    rehearse: pack, check, publish to a throwaway Verdaccio,
                                                 install and run every package as users do
  ./x release --publish --repository OWNER/NAME  publish to the npm registry with provenance
                                                 (INBOX_HUB_REPOSITORY works instead of --repository)`;

async function main(argv: string[]): Promise<number> {
  const has = (flag: string) => argv.includes(flag);
  if (has('--help') || has('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const known = new Set(['--dry-run', '--publish', '--keep', '--skip-n8n', '--repository']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--repository') i++;
    else if (!known.has(arg)) {
      process.stderr.write(`Unknown option "${arg}".\n${USAGE}\n`);
      return 2;
    }
  }
  if (has('--publish')) {
    const index = argv.indexOf('--repository');
    const repository = (index >= 0 ? argv[index + 1] : undefined) ?? process.env.INBOX_HUB_REPOSITORY;
    if (!repository) {
      process.stderr.write(
        "--publish needs --repository OWNER/NAME (or INBOX_HUB_REPOSITORY): the packages' repository URLs and npm provenance name it.\n",
      );
      return 2;
    }
    await publishAll({ repository });
    return 0;
  }
  const started = performance.now();
  try {
    const steps = await rehearse({ keep: has('--keep'), skipN8n: has('--skip-n8n') });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stdout.write(`Release rehearsal passed: ${steps.length} steps in ${seconds} s.\n`);
    return 0;
  } catch (error) {
    if (error instanceof StepFailed) {
      process.stdout.write('Release rehearsal failed: a user would hit the step marked ✗ above.\n');
      return 1;
    }
    throw error;
  }
}

// Ctrl-C or a CI cancel: exit, so that the exit hooks kill the servers the run started and remove its
// scratch folder (a signal's default action would skip them).
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

process.exitCode = await main(process.argv.slice(2));
