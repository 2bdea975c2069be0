import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from './free-port.js';
import { specPath } from './spec-path.js';

/** Options for {@link startPrism}. */
export interface PrismOptions {
  /** `mock` answers from the spec's examples; `proxy` forwards to `upstream` and validates both ways. */
  mode?: 'mock' | 'proxy';
  /** The server a proxy forwards to (required for `proxy`). */
  upstream?: string;
  /** Port to listen on; a free one by default. */
  port?: number;
  /** Make contract violations fail the request with an error response (Prism's `--errors`). */
  errors?: boolean;
  /** How long to wait for Prism to say it is listening. */
  startTimeoutMs?: number;
}

/** A running Prism; `stop()` kills its whole process group. */
export interface PrismServer {
  url: string;
  stop(): Promise<void>;
}

const prismBin = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');

/**
 * Starts Prism on the spec. It is spawned with node directly (not through a shell or npx) in its own
 * process group, so that `stop()` can kill it and every child it started, and it is ready only once it
 * prints that it is listening.
 */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const mode = options.mode ?? 'mock';
  if (mode === 'proxy' && !options.upstream) throw new Error('startPrism: proxy mode needs `upstream`.');
  const port = options.port ?? (await freePort());
  const args = [prismBin, mode, specPath];
  if (mode === 'proxy') args.push(options.upstream as string);
  args.push('--host', '127.0.0.1', '--port', String(port));
  if (options.errors) args.push('--errors');

  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SCARF_ANALYTICS: 'false' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilListening(child, options.startTimeoutMs ?? 30_000);
  return { url, stop: () => killGroup(child) };
}

function waitUntilListening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void killGroup(child);
      reject(new Error(`Prism did not start within ${timeoutMs} ms. Its output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining so a full pipe never blocks Prism.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before it was ready. Its output:\n${output}`));
    });
  });
}

function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
      return;
    }
    setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3_000).unref();
  });
}
