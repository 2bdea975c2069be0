import { type ChildProcess, spawn } from 'node:child_process';
import { tail } from '../exec.js';

/** A command that keeps running (a server), started in its own process group. */
export interface Running {
  output(): string;
  stop(): Promise<void>;
  child: ChildProcess;
}

export function startLongRunning(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Running {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null && child.pid !== undefined) {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // gone already
            }
          }
        }, 10_000).unref();
      }),
  };
}

/** Waits until `check` passes, or the process exits, or the time runs out. */
export async function waitUntil(
  running: Running,
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `${what}: the process exited with ${running.child.exitCode}:\n${tail(running.output())}`,
      );
    }
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s:\n${tail(running.output())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
