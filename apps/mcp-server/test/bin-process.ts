import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built bin, as an MCP client launches it. `turbo run test` builds it first. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Fails early, with the fix, when the bin has not been built. */
export function requireBuiltBin(): void {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`pnpm --filter @inbox-hub/mcp-server build\` first.`);
}

/** A bin started with `--http`, ready once it logged its URL. */
export interface HttpBin {
  url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the bin in HTTP mode and resolves with its MCP URL once it listens. */
export function startHttpBin(args: string[], env: Record<string, string>): Promise<HttpBin> {
  requireBuiltBin();
  return new Promise((resolve, reject) => {
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, '--http', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving Streamable HTTP at (\S+)/.exec(stderr);
      if (match) resolve({ url: match[1] as string, stderr: () => stderr, stop });
    });
    child.on('exit', (code) => reject(new Error(`the bin exited with ${code} before listening:\n${stderr}`)));
  });
}
