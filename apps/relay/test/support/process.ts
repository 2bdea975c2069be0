/** The real `inbox-hub-relay` bin as a child process, for tests that signal, kill or restart it. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'inbox-hub-relay.js');

/** A clean environment: nothing of the test runner's INBOX_HUB_* leaks in. */
function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INBOX_HUB_')));
  return { ...clean, ...env };
}

export interface RelayProcess {
  child: ChildProcess;
  /** Everything it wrote to stderr so far (its log). */
  log(): string;
  /** Resolves with the first log line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal) once it exited. */
  exited: Promise<number | NodeJS.Signals>;
}

/** Starts `inbox-hub-relay ARGS` with `env`. */
export function spawnRelay(env: Record<string, string>, args: string[] = []): RelayProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of waiters) check();
  });
  child.stdout?.resume();
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const check of waiters) check();
      resolve(signal ?? code ?? 0);
    }),
  );
  return {
    child,
    log: () => stderr,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = stderr.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            done();
            resolve(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`The relay exited before logging ${pattern}. Its log:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`The relay did not log ${pattern} within ${timeoutMs} ms. Its log:\n${stderr}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the bin to completion (for `--help`, `outbox …`, config errors). */
export function runBin(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: baseEnv(env) }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
