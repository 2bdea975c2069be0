import { createRequire } from 'node:module';
import { freePort } from './free-port.js';
import { startProcess, waitUntil } from './processes.js';
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

  const prism = startProcess(process.execPath, args, {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SCARF_ANALYTICS: 'false' },
    graceMs: 3_000,
  });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    await waitUntil(prism, () => /Prism is listening on/.test(prism.output()), 'Prism', {
      timeoutMs,
      intervalMs: 50,
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop: prism.stop };
}
