/**
 * Child processes for tests and repository tooling: a command run to completion, and a server kept
 * running. Each is spawned in its own process group, so a timeout or `stop()` ends it and every process
 * it started (npx, n8n's task runners, Prism's workers), and any group still running when this process
 * exits is killed then: nothing is left behind on the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** The last lines of a command's output, for an error message. */
export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Process groups started here and not yet stopped: killed if this process exits first. */
const live = new Set<number>();
let exitHookInstalled = false;

/**
 * A runner that exits mid-run leaves no server behind: on exit (an error, `process.exit`), and on the
 * signals that end it without an exit (turbo stopping the other tasks when one fails sends them SIGTERM or
 * SIGINT; their detached groups would otherwise outlive them and load the machine for the next run). The
 * signal is raised again afterwards, so the process still ends the way it would have.
 */
function track(pid: number | undefined): void {
  if (pid === undefined) return;
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const group of live) signalGroup(group, 'SIGKILL');
    live.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      // Only ours was listening: the default action (end the process) must still happen.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the whole group is gone
  }
}

/**
 * Ends a process group: SIGTERM, then SIGKILL after `graceMs`. Resolves when the leader has exited. A
 * leader that already exited took its group with it (see {@link startProcess}); its id is not signalled
 * again, since the system may have handed it to another process by now.
 */
function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  live.delete(pid);
  signalGroup(pid, 'SIGTERM');
  const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  kill.unref();
  return new Promise((resolve) => {
    child.once('exit', () => {
      // Whatever the leader left behind goes now, while the group id is still its own.
      clearTimeout(kill);
      signalGroup(pid, 'SIGKILL');
      resolve();
    });
  });
}

/** What a finished command printed. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  cwd?: string;
  /** The whole environment of the command (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Past this the command's process group is killed and `run` rejects (default 300 s). */
  timeoutMs?: number;
  /** Resolve when the command exits with an error too (the caller looks at `code`). A timeout still rejects. */
  allowFailure?: boolean;
  /** Written to the command's stdin, which is then closed. */
  input?: string;
}

/** Runs a command to completion. Rejects with its output's tail when it fails (unless `allowFailure`) or times out. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    track(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timeoutMs = options.timeoutMs ?? 300_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void stopGroup(child, 0);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) live.delete(child.pid);
      const ran = { code, stdout, stderr };
      if (!timedOut && (code === 0 || options.allowFailure)) return resolve(ran);
      const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${tail(`${stdout}\n${stderr}`)}`));
    });
  });
}

/** A command that keeps running (a server), in its own process group. */
export interface Running {
  child: ChildProcess;
  /** What it printed on stdout and stderr, interleaved (the last 256 kB). */
  output(): string;
  /** Ends its process group and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Options of {@link startProcess}. */
export interface StartOptions {
  cwd?: string;
  /** The whole environment of the command (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 10 s). */
  graceMs?: number;
}

const KEPT_OUTPUT = 256 * 1024;

/** Starts a server. Its output is kept (bounded) for error messages; wait for it with {@link waitUntil}. */
export function startProcess(command: string, args: readonly string[], options: StartOptions = {}): Running {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child.pid);
  // A server whose leader exits (crashed, or stopped) takes what it started with it: npx's server,
  // n8n's task runners. Signalled now, while the group id cannot belong to anyone else.
  child.once('exit', () => {
    if (child.pid === undefined) return;
    live.delete(child.pid);
    signalGroup(child.pid, 'SIGKILL');
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > KEPT_OUTPUT) output = output.slice(-KEPT_OUTPUT / 2);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output, stop: () => stopGroup(child, options.graceMs ?? 10_000) };
}

/**
 * Waits until `check` passes (a throw counts as not yet). Rejects, with the output's tail, when the
 * process exits first or the time runs out; the process is left running for the caller to stop.
 */
export async function waitUntil(
  running: Running,
  check: () => Promise<boolean> | boolean,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 240_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { exitCode, signalCode } = running.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(
        `${what}: the process exited with ${exitCode ?? signalCode}:\n${tail(running.output())}`,
      );
    }
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s:\n${tail(running.output())}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}
