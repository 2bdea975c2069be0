#!/usr/bin/env node
/** `inbox-hub-relay`: run the relay, manage its outbox, or make an endpoint secret. */
import { ConfigError } from '@inbox-hub/config';
import { processIo } from './cli/io.js';
import { newSecret } from './cli/new-secret.js';
import { runOutboxCommand } from './cli/outbox-command.js';
import { runRelayCommand } from './cli/run-command.js';
import { usage } from './config.js';
import { describeError } from './logger.js';

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'outbox') return runOutboxCommand(rest, process.env, processIo);
  if (first === 'new-secret') {
    processIo.out(newSecret());
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h') || first === 'help') {
    processIo.out(usage());
    return 0;
  }
  if (first === 'run') return runRelayCommand(rest, process.env, processIo);
  if (first === undefined || first.startsWith('-')) return runRelayCommand(argv, process.env, processIo);
  throw new ConfigError(`Unknown command "${first.slice(0, 30)}": use run, outbox or new-secret.`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(
      `inbox-hub-relay: ${error.message}\nRun inbox-hub-relay --help for every setting.\n`,
    );
    process.exitCode = 2;
  } else {
    process.stderr.write(`inbox-hub-relay: ${describeError(error)}\n`);
    process.exitCode = 1;
  }
}
