import { InboxHub } from '@inbox-hub/client';
import { assertNoCanary, canary, freePort } from '@inbox-hub/contract-testing';
import { type ManualClock, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ResponseMessage } from '@modelcontextprotocol/sdk/experimental/tasks';
import {
  type CallToolResult,
  CallToolResultSchema,
  type Progress,
  RELATED_TASK_META_KEY,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../src/http.js';
import { silentLogger } from '../src/logger.js';
import { createServer } from '../src/server.js';
import { SessionMemory } from '../src/session-memory.js';
import { TaskSupport } from '../src/tasks/task-support.js';
import { type HttpBin, startHttpBin } from './bin-process.js';
import { call, connect, type Harness, structured, text } from './helpers.js';

// wait_for_connection as an MCP task (protocol 2025-11-25), driven by real SDK clients against the
// sandbox on a manual clock: QRs never rotate on their own, so the only thing that ends a wait is what a
// test does (a scan, a cancel). The canary API key and account password let every payload be checked.
let sandbox: RunningSandbox;
let harness: Harness | undefined;
const SECRETS = [canary.apiKey, canary.password];
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: 'manual',
    rateLimit: false,
    tenants: [{ apiKey: canary.apiKey, email: canary.email, password: canary.password }],
  });
  // Frozen at the real time: QRs last their 60 s for the server's waits (which read the real clock), and
  // the sandbox never rotates one by itself.
  (sandbox.clock as ManualClock).set(Date.now());
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const account = () => ({
  baseUrl: sandbox.url,
  apiKey: canary.apiKey,
  email: canary.email,
  password: canary.password,
  secrets: SECRETS,
  wait: { pollIntervalMs: 10, maxPollIntervalMs: 20 },
});

/** The hub the tests use to seed sessions, outside the MCP server. */
function seedHub(): InboxHub {
  return new InboxHub({ ...account(), maxRetries: 0 });
}

/**
 * A pending session set up through the MCP server, which so knows the QR the user is shown; returns that
 * QR's PNG as base64 (what the phone scans).
 */
async function pendingSession(client: Client, sessionId: string): Promise<string> {
  const result = await call(client, 'setup_session', { sessionId });
  const image = result.content.find((c) => c.type === 'image');
  if (image?.type !== 'image') throw new Error(`setup_session failed: ${text(result)}`);
  return image.data;
}

/** Everything a task stream yields, plus the progress notifications that arrived meanwhile. */
interface Run {
  messages: ResponseMessage<CallToolResult>[];
  progress: Progress[];
}

/** Runs `wait_for_connection` as a task; `onMessage` and `onProgress` may act (scan, cancel). */
async function runAsTask(
  client: Client,
  args: Record<string, unknown>,
  hooks: {
    onMessage?: (message: ResponseMessage<CallToolResult>) => void | Promise<void>;
    onProgress?: (progress: Progress) => void;
  } = {},
): Promise<Run> {
  const run: Run = { messages: [], progress: [] };
  const stream = client.experimental.tasks.callToolStream(
    { name: 'wait_for_connection', arguments: args },
    CallToolResultSchema,
    {
      task: { ttl: 120_000 },
      onprogress: (progress) => {
        run.progress.push(progress);
        hooks.onProgress?.(progress);
      },
    },
  );
  for await (const message of stream) {
    run.messages.push(message as ResponseMessage<CallToolResult>);
    await hooks.onMessage?.(message as ResponseMessage<CallToolResult>);
  }
  return run;
}

function createdTask(run: Run): Task {
  const created = run.messages.find((m) => m.type === 'taskCreated');
  if (created?.type !== 'taskCreated') throw new Error('no task was created');
  return created.task;
}

function finalResult(run: Run): CallToolResult {
  const last = run.messages.at(-1);
  if (last?.type !== 'result') throw new Error(`the task ended with ${JSON.stringify(last)}`);
  return last.result;
}

/** A promise and the function that resolves it, for a value an event hands over later. */
function firstOf<T>(): { promise: Promise<T>; offer(value: T): void } {
  let offer: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    offer = resolve;
  });
  return { promise, offer };
}

describe('wait_for_connection as a task, over a standing connection (in memory)', () => {
  it('announces task support for wait_for_connection only, without tasks/list', async () => {
    harness = await connect(account());
    const capabilities = harness.client.getServerCapabilities();
    expect(capabilities?.tasks).toEqual({ cancel: {}, requests: { tools: { call: {} } } });
    const { tools } = await harness.client.listTools();
    for (const tool of tools) {
      expect(tool.execution?.taskSupport ?? 'forbidden', tool.name).toBe(
        tool.name === 'wait_for_connection' ? 'optional' : 'forbidden',
      );
    }
    // Without the tool, no tasks at all: the allow-list limits this surface too.
    await harness.close();
    harness = await connect({ ...account(), allowedTools: ['get_session_status'] });
    expect(harness.client.getServerCapabilities()?.tasks).toBeUndefined();
  });

  it('a scan completes the task; its progress arrives and the result is the plain call’s', async () => {
    const support = new TaskSupport({ pollIntervalMs: 20 });
    harness = await connect({ ...account(), tasks: support });
    const image = await pendingSession(harness.client, 'task_scan');
    let scanned = false;
    const run = await runAsTask(
      harness.client,
      { sessionId: 'task_scan', timeoutSeconds: 60 },
      {
        // The first progress is a pending poll: the phone scans then.
        onProgress: () => {
          if (scanned) return;
          scanned = true;
          sandbox.phone.scan({ qrCode: image }, { phoneNumber: '34600000001' });
        },
      },
    );
    const task = createdTask(run);
    expect(task).toMatchObject({ status: 'working', pollInterval: 20 });
    // Asked for 2 minutes, it gets its 60 s wait plus 5 minutes to read the result.
    expect(task.ttl).toBe(60_000 + 5 * 60_000);
    const result = finalResult(run);
    expect(structured(result)).toMatchObject({
      outcome: 'connected',
      status: { sessionId: 'task_scan', status: 'connected', phoneNumber: '34600000001' },
    });
    expect(result._meta?.[RELATED_TASK_META_KEY]).toEqual({ taskId: task.taskId });
    // Progress notifications arrived while the task ran, increasing, with the session's state.
    expect(run.progress.length).toBeGreaterThan(0);
    expect(run.progress[0]?.message).toMatch(/Session "task_scan" is pending/);
    const values = run.progress.map((p) => p.progress);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(new Set(values).size).toBe(values.length);

    // The task stays readable: tasks/get says completed, tasks/result gives the same result again.
    expect(await harness.client.experimental.tasks.getTask(task.taskId)).toMatchObject({
      taskId: task.taskId,
      status: 'completed',
    });
    const again = await harness.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(again.structuredContent).toEqual(result.structuredContent);
    await support.settled(task.taskId);
  });

  it('a task can be cancelled: tasks/cancel stops the wait and the task stays cancelled', async () => {
    const support = new TaskSupport({ pollIntervalMs: 20 });
    let statusPolls = 0;
    harness = await connect({
      ...account(),
      tasks: support,
      wrapFetch: (inner) => async (input, init) => {
        const request = new Request(input, init);
        if (new URL(request.url).pathname.endsWith('/status')) statusPolls++;
        return inner(request);
      },
    });
    await pendingSession(harness.client, 'task_cancel');
    const { client } = harness;
    const cancelled = firstOf<Task>();
    const run = await runAsTask(
      client,
      { sessionId: 'task_cancel', timeoutSeconds: 600 },
      {
        onMessage: async (message) => {
          // Cancel once the wait is really polling (its note is in the task's status message).
          if (message.type === 'taskStatus' && /pending/.test(message.task.statusMessage ?? '')) {
            if (message.task.status === 'working') {
              cancelled.offer(await client.experimental.tasks.cancelTask(message.task.taskId));
            }
          }
        },
      },
    );
    const task = createdTask(run);
    expect(await cancelled.promise).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    const last = run.messages.at(-1);
    expect(last?.type).toBe('error');
    // The background wait stopped (a 600 s wait that went on would keep this pending), and polls no more.
    await support.settled(task.taskId);
    const after = statusPolls;
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: 'cancelled' });
    await expect(client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)).rejects.toThrow(
      /cancelled/,
    );
    await expect(client.experimental.tasks.cancelTask(task.taskId)).rejects.toThrow(/terminal/);
    expect(statusPolls).toBe(after);
  });

  it('a failed wait is a failed task whose status message and result say why', async () => {
    const support = new TaskSupport({ pollIntervalMs: 20 });
    harness = await connect({ ...account(), tasks: support });
    const run = await runAsTask(harness.client, { sessionId: 'task_nobody' });
    const task = createdTask(run);
    expect(run.messages.at(-1)?.type).toBe('error');
    const final = await harness.client.experimental.tasks.getTask(task.taskId);
    expect(final.status).toBe('failed');
    expect(final.statusMessage).toMatch(/no session "task_nobody".*list_sessions/);
    const result = await harness.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/no session "task_nobody"/);
  });

  it('a client without tasks keeps the call-again pattern, and no task is left behind', async () => {
    const support = new TaskSupport();
    harness = await connect({ ...account(), tasks: support });
    const image = await pendingSession(harness.client, 'task_plain');
    const progress: number[] = [];
    const result = await call(
      harness.client,
      'wait_for_connection',
      { sessionId: 'task_plain', timeoutSeconds: 60 },
      {
        onprogress: (p) => {
          if (progress.length === 0) sandbox.phone.scan({ qrCode: image });
          progress.push(p.progress);
        },
      },
    );
    expect(structured(result)).toMatchObject({ outcome: 'connected' });
    expect(result._meta?.[RELATED_TASK_META_KEY]).toBeUndefined();
    expect(progress.length).toBeGreaterThan(0);
    // A timeout is still a result to call again on, not a task.
    await pendingSession(harness.client, 'task_plain_timeout');
    const timedOut = await call(harness.client, 'wait_for_connection', {
      sessionId: 'task_plain_timeout',
      timeoutSeconds: 1,
    });
    expect(structured(timedOut)).toMatchObject({ outcome: expect.stringMatching(/^(timeout|new_qr)$/) });
    expect(support.store.size).toBe(0);
  });

  it('caps the tasks running at once with a sentence, and closing the connection cancels its tasks', async () => {
    const support = new TaskSupport({ pollIntervalMs: 20, maxRunning: 1 });
    harness = await connect({ ...account(), tasks: support });
    await pendingSession(harness.client, 'task_cap');
    const started = async () => {
      const stream = harness?.client.experimental.tasks.callToolStream(
        { name: 'wait_for_connection', arguments: { sessionId: 'task_cap', timeoutSeconds: 600 } },
        CallToolResultSchema,
        { task: {} },
      );
      const first = await stream?.next();
      if (first?.value?.type !== 'taskCreated') throw new Error('no task was created');
      return first.value.task;
    };
    const first = await started();
    const second = await started();
    // The second is refused at once: a failed task that says why and what to do.
    const refused = await harness.client.experimental.tasks.getTask(second.taskId);
    expect(refused.status).toBe('failed');
    expect(refused.statusMessage).toMatch(/Too many waits are running as tasks.*tasks\/cancel/);
    const result = await harness.client.experimental.tasks.getTaskResult(second.taskId, CallToolResultSchema);
    expect(result.isError).toBe(true);
    expect((await harness.client.experimental.tasks.getTask(first.taskId)).status).toBe('working');

    await harness.close();
    harness = undefined;
    await support.settled(first.taskId);
    expect(await support.store.getTask(first.taskId)).toMatchObject({
      status: 'cancelled',
      statusMessage: expect.stringMatching(/connection closed/),
    });
  });

  it('no secret in any task payload', async () => {
    const support = new TaskSupport({ pollIntervalMs: 20 });
    harness = await connect({ ...account(), tasks: support });
    const image = await pendingSession(harness.client, 'task_secrets');
    const run = await runAsTask(
      harness.client,
      { sessionId: 'task_secrets', timeoutSeconds: 60 },
      { onProgress: () => sandbox.phone.scan({ qrCode: image }) },
    );
    const task = createdTask(run);
    const failed = await runAsTask(harness.client, { sessionId: 'task_no_such' });
    const payloads = JSON.stringify([
      run,
      failed,
      await harness.client.experimental.tasks.getTask(task.taskId),
      await harness.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema),
      await harness.client.experimental.tasks.getTask(createdTask(failed).taskId),
      await harness.client.experimental.tasks.listTasks().catch((error: Error) => error.message),
    ]);
    expect(payloads).toContain('task_secrets');
    assertNoCanary(payloads, 'task payloads');
    expect(payloads).not.toMatch(JWT);
  });
});

describe('wait_for_connection as a task, over stateless Streamable HTTP', () => {
  let http: RunningHttpServer;
  const support = new TaskSupport({ pollIntervalMs: 20 });
  let client: Client;

  beforeAll(async () => {
    const hub = new InboxHub({ ...account(), maxRetries: 0 });
    const memory = new SessionMemory();
    // A fresh server per request, as the bin runs it; the client, memory and task store are shared.
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      createMcpServer: () =>
        createServer({
          hub,
          secrets: SECRETS,
          wait: { pollIntervalMs: 10, maxPollIntervalMs: 20 },
          stateless: true,
          tasks: support,
          memory,
        }),
    });
  });
  afterAll(async () => {
    await http?.close();
    await support.close();
  });
  afterEach(async () => {
    await client?.close();
  });

  async function httpClient(): Promise<Client> {
    client = new Client({ name: 'tasks-http', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    await client.listTools();
    return client;
  }

  it('a scan completes the task across requests; progress comes on the tasks/result stream', async () => {
    const c = await httpClient();
    expect(c.getServerCapabilities()?.tasks?.requests?.tools?.call).toEqual({});
    const image = await pendingSession(c, 'http_task_scan');
    let scanned = false;
    const run = await runAsTask(
      c,
      { sessionId: 'http_task_scan', timeoutSeconds: 60 },
      {
        // Over stateless HTTP the task's news shows in tasks/get; the phone scans once it is pending.
        onMessage: (message) => {
          if (scanned || message.type !== 'taskStatus') return;
          if (!/pending/.test(message.task.statusMessage ?? '')) return;
          scanned = true;
          sandbox.phone.scan({ qrCode: image });
        },
      },
    );
    expect(structured(finalResult(run))).toMatchObject({ outcome: 'connected' });
    expect(run.messages.filter((m) => m.type === 'taskStatus').length).toBeGreaterThan(1);
    expect(run.progress.length).toBeGreaterThan(0);
    expect(run.progress[0]?.message).toMatch(/Session "http_task_scan" is pending/);
    assertNoCanary(JSON.stringify(run), 'task payloads over HTTP');
    // Delivered, the queue holds nothing more for the task.
    expect(support.queue.size).toBe(0);
  });

  it('a task can be cancelled from another request', async () => {
    const c = await httpClient();
    await pendingSession(c, 'http_task_cancel');
    let taskId: string | undefined;
    const run = await runAsTask(
      c,
      { sessionId: 'http_task_cancel', timeoutSeconds: 600 },
      {
        onMessage: async (message) => {
          if (message.type !== 'taskStatus' || message.task.status !== 'working') return;
          if (!/pending/.test(message.task.statusMessage ?? '')) return;
          taskId = message.task.taskId;
          await c.experimental.tasks.cancelTask(taskId);
        },
      },
    );
    expect(run.messages.at(-1)?.type).toBe('error');
    if (taskId === undefined) throw new Error('the task never reported a pending poll');
    await support.settled(taskId);
    expect(await c.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'cancelled' });
    // A cancelled task queues no more progress that nobody would read.
    expect(support.queue.size).toBe(0);
  });
});

describe('the bin over HTTP shares one task store across requests', () => {
  let bin: HttpBin;
  beforeAll(async () => {
    bin = await startHttpBin(['--port', String(await freePort())], {
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: canary.apiKey,
    });
  });
  afterAll(async () => {
    await bin?.stop();
  });

  it('runs a wait as a task and answers tasks/get and tasks/result on later requests', async () => {
    const hub = seedHub();
    await hub.sessions.create({ sessionId: 'bin_task_connected' });
    await hub.sessions.connect('bin_task_connected');
    sandbox.phone.scan({ sessionId: 'bin_task_connected' });
    const client = new Client({ name: 'tasks-bin', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(bin.url)));
    try {
      await client.listTools();
      const run = await runAsTask(client, { sessionId: 'bin_task_connected' });
      expect(createdTask(run).status).toBe('working');
      expect(structured(finalResult(run))).toMatchObject({ outcome: 'connected' });
    } finally {
      await client.close();
    }
    assertNoCanary(bin.stderr(), 'stderr');
  });
});
