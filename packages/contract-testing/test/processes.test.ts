import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manualWorkflow, parseRun } from '../src/n8n.js';
import { run, startProcess, tail, waitUntil } from '../src/processes.js';

const node = process.execPath;

/** Whether a process is still running: a zombie waiting for its new parent to reap it counts as gone. */
function alive(pid: number): boolean {
  try {
    // "pid (comm) S ...": the state follows the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/** A script that starts a grandchild which would outlive it, prints the grandchild's pid, then waits. */
const WITH_GRANDCHILD = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log('grandchild ' + child.pid);
setInterval(() => {}, 1000);
`;

describe('run', () => {
  it('returns what the command printed, and feeds it its input', async () => {
    const ran = await run(node, ['-e', 'process.stdin.pipe(process.stdout); console.error("note")'], {
      input: 'hello',
    });
    expect(ran).toEqual({ code: 0, stdout: 'hello', stderr: 'note\n' });
  });

  it("rejects on failure with the output's tail, or resolves with the code when allowed", async () => {
    const script = 'console.log("why it failed"); process.exit(3)';
    await expect(run(node, ['-e', script])).rejects.toThrow(/exited with 3:\nwhy it failed/);
    expect((await run(node, ['-e', script], { allowFailure: true })).code).toBe(3);
  });

  it('on a timeout kills the whole process group and rejects, even when failures are allowed', async () => {
    const error = await run(node, ['-e', WITH_GRANDCHILD], { timeoutMs: 1_000, allowFailure: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/timed out after 1000 ms:\ngrandchild \d+/);
    const grandchild = Number(/grandchild (\d+)/.exec(error?.message ?? '')?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    expect(await gone(grandchild)).toBe(true);
  });
});

describe('startProcess and waitUntil', () => {
  it('waits for a condition on the output, and stop() ends the process and its children', async () => {
    const server = startProcess(node, ['-e', WITH_GRANDCHILD]);
    try {
      await waitUntil(server, () => /grandchild \d+/.test(server.output()), 'the grandchild', {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
    } finally {
      await server.stop();
    }
    const grandchild = Number(/grandchild (\d+)/.exec(server.output())?.[1]);
    expect(server.child.signalCode).toBe('SIGTERM');
    expect(await gone(grandchild)).toBe(true);
    await server.stop(); // a second stop is harmless
  });

  it('when a server exits by itself, what it started is ended with it', async () => {
    const server = startProcess(node, [
      '-e',
      `${WITH_GRANDCHILD.replace('setInterval(() => {}, 1000);', '')}; setTimeout(() => process.exit(0), 300);`,
    ]);
    await expect(waitUntil(server, () => false, 'the server', { intervalMs: 20 })).rejects.toThrow(
      /the process exited with 0/,
    );
    const grandchild = Number(/grandchild (\d+)/.exec(server.output())?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    expect(await gone(grandchild)).toBe(true);
    await server.stop(); // nothing left to stop, and no signal to a group id that may be reused
  });

  it('kills the servers still running when the process that started them exits', async () => {
    const dist = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'processes.js')).href;
    const script = `
      import { startProcess, waitUntil } from ${JSON.stringify(dist)};
      const server = startProcess(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
      await waitUntil(server, () => server.output().includes('up'), 'up', { intervalMs: 20 });
      console.log('server ' + server.child.pid);
      process.exit(0);
    `;
    const ran = await run(node, ['--input-type=module', '-e', script], { timeoutMs: 20_000 });
    const server = Number(/server (\d+)/.exec(ran.stdout)?.[1]);
    expect(server).toBeGreaterThan(0);
    expect(await gone(server)).toBe(true);
  });

  it('kills the servers still running when the process that started them is sent SIGTERM, then ends by it', async () => {
    const dist = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'processes.js')).href;
    const script = `
      import { startProcess, waitUntil } from ${JSON.stringify(dist)};
      const server = startProcess(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
      await waitUntil(server, () => server.output().includes('up'), 'up', { intervalMs: 20 });
      console.log('server ' + server.child.pid);
      setInterval(() => {}, 1000);
    `;
    const runner = startProcess(node, ['--input-type=module', '-e', script]);
    try {
      await waitUntil(runner, () => /server \d+/.test(runner.output()), 'the runner', { intervalMs: 20 });
      const server = Number(/server (\d+)/.exec(runner.output())?.[1]);
      process.kill(runner.child.pid as number, 'SIGTERM');
      await new Promise((resolve) => runner.child.once('exit', resolve));
      expect(runner.child.signalCode).toBe('SIGTERM');
      expect(await gone(server)).toBe(true);
    } finally {
      await runner.stop();
    }
  });

  it('fails fast, with the output, when the process exits before it is ready', async () => {
    const server = startProcess(node, ['-e', 'console.error("bad flag"); process.exit(2)']);
    await expect(waitUntil(server, () => false, 'the server')).rejects.toThrow(
      /the server: the process exited with 2:\nbad flag/,
    );
  });

  it('gives up after its timeout and leaves the process to the caller', async () => {
    const server = startProcess(node, ['-e', 'console.log("starting"); setInterval(() => {}, 1000)']);
    try {
      await expect(
        waitUntil(server, () => false, 'the server', { timeoutMs: 300, intervalMs: 20 }),
      ).rejects.toThrow(/the server: not within 0.3 s:/);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
    }
  });

  it('keeps a bounded tail of a chatty process', async () => {
    const server = startProcess(node, [
      '-e',
      'for (let i = 0; i < 40000; i++) console.log("line " + i + " " + "x".repeat(20)); console.log("END")',
    ]);
    await new Promise((r) => server.child.once('close', r));
    expect(server.output()).toContain('END');
    expect(server.output().length).toBeLessThanOrEqual(256 * 1024);
    expect(server.output()).not.toContain('line 0 ');
  });
});

describe('tail', () => {
  it('keeps the last lines', () => {
    expect(tail('a\nb\nc\n', 2)).toBe('b\nc');
  });
});

describe('n8n helpers', () => {
  it('parseRun reads the IRun after n8n log lines, and says when there is none', () => {
    const stdout = [
      'Loading nodes…',
      '{',
      '  "data": { "resultData": { "runData": { "A": [] } } }',
      '}',
      '',
    ].join('\n');
    expect(parseRun(stdout).data.resultData.runData).toEqual({ A: [] });
    expect(() => parseRun('Error: workflow not found\n')).toThrow(/printed no execution JSON/);
  });

  it('manualWorkflow feeds every node from one manual trigger', () => {
    const node = (name: string) => ({
      id: name,
      name,
      type: 'x',
      typeVersion: 1,
      position: [0, 0] as [number, number],
      parameters: {},
    });
    const workflow = manualWorkflow('wf1', 'Two nodes', [node('A'), node('B')]);
    expect(workflow.nodes.map((n) => n.name)).toEqual(['Manual', 'A', 'B']);
    expect(workflow.connections.Manual.main[0]?.map((c) => c.node)).toEqual(['A', 'B']);
    expect(workflow.active).toBe(false);
  });
});
