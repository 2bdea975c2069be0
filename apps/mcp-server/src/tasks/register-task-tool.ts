/**
 * Registers a long-running tool (`wait_for_connection`) so that it can run as an MCP task (protocol
 * 2025-11-25, `execution.taskSupport: "optional"`). A client that asks for a task gets a task id at once
 * and polls `tasks/get` / `tasks/result`; the wait runs in the background, reports progress, and stops
 * on `tasks/cancel`. A plain call is answered as before: the SDK routes it through a task of its own, and
 * this runs that task to its end on the request itself, with the request's signal and progress, so the
 * answer and its timing are those of a plain tool. One of the few files that import the MCP SDK.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import { progressNotification, progressOnRequest, runTool, sendQuietly, toolConfig } from '../tool-runner.js';
import type { Tool, ToolContext, ToolDeps } from '../tools/index.js';
import type { TaskSupport } from './task-support.js';

/** The server capability that announces task-augmented `tools/call` (and `tasks/cancel`, not list). */
export const TASK_CAPABILITIES = { cancel: {}, requests: { tools: { call: {} } } } as const;

/** What a host may show the model while the task runs (the protocol's provisional `_meta` key). */
const MODEL_IMMEDIATE_RESPONSE = 'io.modelcontextprotocol/model-immediate-response';
/** A task outlives its wait by this much, so its result can still be read. */
const RESULT_GRACE_MS = 5 * 60_000;

/** Options of {@link registerTaskTool}. */
export interface TaskToolOptions {
  support: TaskSupport;
  /**
   * No standing connection (stateless HTTP): the server is gone once `tools/call` is answered, so the
   * task's progress waits in its queue for `tasks/result`, and the task outlives the server.
   */
  stateless: boolean;
  redactor: Redactor;
  logger: Logger;
}

/** Registers `tool` as a tool that runs as a task when asked to. */
export function registerTaskTool(
  server: McpServer,
  tool: Tool,
  deps: ToolDeps,
  options: TaskToolOptions,
): RegisteredTool {
  const { support, stateless, redactor, logger } = options;
  const { store } = support;
  // Over a standing connection the tasks die with it: nobody is left to read them.
  const running = new Set<string>();
  if (!stateless) {
    const previous = server.server.onclose;
    server.server.onclose = () => {
      store.cancelAll(running, 'The connection closed before the task finished.');
      previous?.();
    };
  }

  return server.experimental.tasks.registerToolTask(
    tool.name,
    {
      // toolConfig(tool)'s fields, written out: the SDK's overloads infer the handler's types only from
      // an object literal here.
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
      execution: { taskSupport: 'optional' },
    },
    {
      async createTask(args, extra) {
        const waitMs = typeof args.timeoutSeconds === 'number' ? args.timeoutSeconds * 1000 : 0;
        // Asked for or not, a task lives at least as long as its wait plus the time to read its result.
        const task = await extra.taskStore.createTask({
          ttl: Math.max(extra.taskRequestedTtl ?? store.defaultTtlMs, waitMs + RESULT_GRACE_MS),
        });
        const { taskId } = task;

        if (!store.requested(taskId)) {
          // A plain call: answer it on this request, as a plain tool would.
          const signal = AbortSignal.any([extra.signal, store.signal(taskId)]);
          const progress = progressOnRequest(extra, redactor, logger, tool.name);
          const result = await runTool(tool, args, deps, { signal, progress }, redactor, logger);
          store.finish(taskId, result, failureText(result));
          return { task: (await store.getTask(taskId)) ?? task };
        }

        if (!store.admit(taskId)) {
          // Refused after creation, so the requestor still gets the task it asked for, failed with why.
          const reason =
            'Too many waits are running as tasks. Cancel one (tasks/cancel) or wait until one finishes, then call wait_for_connection again.';
          store.finish(taskId, { content: [{ type: 'text', text: reason }], isError: true }, reason);
          return { task: (await store.getTask(taskId)) ?? task };
        }
        running.add(taskId);
        const ctx: ToolContext = {
          signal: store.signal(taskId),
          progress: taskProgress(taskId, extra._meta?.progressToken, server, options),
        };
        support.track(
          taskId,
          runTool(tool, args, deps, ctx, redactor, logger)
            .then((result) => store.finish(taskId, result, failureText(result)))
            .catch((error: unknown) => logger.error('A task failed to finish', { error: String(error) }))
            .finally(() => running.delete(taskId)),
        );
        const sessionId = typeof args.sessionId === 'string' ? args.sessionId : 'the session';
        return {
          task,
          _meta: {
            [MODEL_IMMEDIATE_RESPONSE]: `Waiting in the background (task ${taskId}) for "${sessionId}" to connect. The result comes when the phone connects, the session fails, a new QR must be shown, or the wait times out.`,
          },
        };
      },
      // Required by the SDK's handler type; SDK 1.x answers tasks/get and tasks/result from the store itself.
      getTask: async (_args, extra) => extra.taskStore.getTask(extra.taskId),
      getTaskResult: async (_args, extra) =>
        (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
    },
  );
}

/**
 * A task's progress: its latest note becomes the task's `statusMessage` (seen by tasks/get), and, when the
 * requestor gave a progress token, a `notifications/progress` tied to the task goes out: straight over a
 * standing connection, or into the task's queue for `tasks/result` when the connection is stateless.
 */
function taskProgress(
  taskId: string,
  progressToken: string | number | undefined,
  server: McpServer,
  options: TaskToolOptions,
): ToolContext['progress'] {
  const { support, stateless, redactor, logger } = options;
  return async (update) => {
    // A task cancelled, expired or forgotten hears no more news (and queues none that nobody would read).
    if (support.store.signal(taskId).aborted) return;
    const message = update.message === undefined ? undefined : redactor.text(update.message);
    if (message !== undefined) support.store.note(taskId, message);
    if (progressToken === undefined) return;
    const notification = progressNotification(
      progressToken,
      { ...update, message },
      {
        [RELATED_TASK_META_KEY]: { taskId },
      },
    );
    await sendQuietly(logger, 'task progress', () =>
      stateless
        ? support.queue.enqueue(taskId, {
            type: 'notification',
            message: { jsonrpc: '2.0', ...notification },
            timestamp: Date.now(),
          })
        : server.server.notification(notification),
    );
  };
}

/** The sentence of an `isError` result, to show as the failed task's `statusMessage`. */
function failureText(result: CallToolResult): string | undefined {
  if (!result.isError) return undefined;
  const block = result.content.find((c) => c.type === 'text');
  return block?.type === 'text' ? block.text : undefined;
}
