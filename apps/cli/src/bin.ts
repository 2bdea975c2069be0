#!/usr/bin/env node
import { run } from './cli.js';

// Ctrl-C aborts the running command (a `wait` stops polling) and the CLI exits 130.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

run(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  controller.signal,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `inbox-hub: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
