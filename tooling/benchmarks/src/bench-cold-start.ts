import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BenchResult, ms } from './result.js';
import { median } from './stats.js';

const RUNS = 15;
const require = createRequire(import.meta.url);

/** Spawn → `initialize` answered → `tools/list` answered, over stdio, in milliseconds. */
function coldStart(entry: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [entry], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, ...env },
    });
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not answer tools/list within 20 s`));
    }, 20_000);
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id === 1) {
          send({ jsonrpc: '2.0', method: 'notifications/initialized' });
          send({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
        } else if (message.id === 2) {
          const elapsed = performance.now() - started;
          clearTimeout(timer);
          child.kill('SIGKILL');
          if (!message.result?.tools?.length) reject(new Error(`${entry} listed no tools`));
          else resolve(elapsed);
        }
      }
    });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1.0.0' },
      },
    });
  });
}

/**
 * #5: MCP server cold start over stdio, ours versus the official reference memory server started the same
 * way (node + entry file), alternating runs.
 */
export async function benchColdStart(): Promise<BenchResult> {
  const ours = join(dirname(require.resolve('@inbox-hub/mcp-server/package.json')), 'dist', 'bin.js');
  // The package has a bin but no main: start its bin file, as `npx` would.
  const reference = join(
    dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')),
    'dist',
    'index.js',
  );
  const memoryDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const ourEnv = { INBOX_HUB_BASE_URL: 'http://127.0.0.1:9', INBOX_HUB_API_KEY: 'ihk_bench_key' };
  const refEnv = { MEMORY_FILE_PATH: join(memoryDir, 'memory.jsonl') };
  await coldStart(ours, ourEnv);
  await coldStart(reference, refEnv);
  const ourTimes: number[] = [];
  const refTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      ourTimes.push(await coldStart(ours, ourEnv));
      refTimes.push(await coldStart(reference, refEnv));
    } else {
      refTimes.push(await coldStart(reference, refEnv));
      ourTimes.push(await coldStart(ours, ourEnv));
    }
  }
  const o = median(ourTimes);
  const r = median(refTimes);
  return {
    id: 5,
    what: `MCP cold start over stdio: spawn → initialize → tools/list (median of ${RUNS})`,
    baseline: `@modelcontextprotocol/server-memory: ${ms(r)}`,
    ours: `inbox-hub-mcp: ${ms(o)}`,
    ratio: `${(o / r).toFixed(2)}×`,
    goal: '≤ 1.0×',
    met: o / r <= 1.0,
  };
}
