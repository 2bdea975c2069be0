/**
 * One tool call, from arguments to the MCP result: structured content plus the same JSON as text (and the
 * QR image), or an `isError` sentence a model can act on. Plain calls and calls run as tasks share it, so
 * both return exactly the same thing. Everything that leaves here has passed the redactor.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from './errors.js';
import type { Logger } from './logger.js';
import type { Redactor } from './redact.js';
import type { Tool, ToolContext, ToolDeps, ToolResult } from './tools/index.js';

/** What {@link runTool} runs: a model-facing tool, or one of the connect card's own, with its context. */
interface Runnable<C extends ToolContext> {
  readonly name: string;
  run(args: Record<string, unknown>, deps: ToolDeps, ctx: C): Promise<ToolResult<Record<string, unknown>>>;
}

/** The registration config every surface gives the SDK for a tool: its texts, schemas and annotations. */
export function toolConfig(
  tool: Pick<Tool, 'title' | 'description' | 'inputSchema' | 'outputSchema' | 'annotations'>,
) {
  return {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/** Runs `tool` and turns its outcome, success or failure, into a `CallToolResult`. */
export async function runTool<C extends ToolContext>(
  tool: Runnable<C>,
  args: Record<string, unknown>,
  deps: ToolDeps,
  ctx: C,
  redactor: Redactor,
  logger: Logger,
): Promise<CallToolResult> {
  const sessionId = typeof args.sessionId === 'string' ? args.sessionId : undefined;
  const started = Date.now();
  try {
    const result = await tool.run(args, deps, ctx);
    logger.debug(`Tool ${tool.name} succeeded`, { ms: Date.now() - started });
    const structured = redactor.deep(result.structured);
    const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(structured) }];
    if (result.image) content.push({ type: 'image', ...result.image });
    return { content, structuredContent: structured };
  } catch (error) {
    const message = redactor.text(describeError(error, sessionId));
    logger.info(`Tool ${tool.name} failed`, { error: error instanceof Error ? error.name : 'unknown' });
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

/** A `notifications/progress` (its message already redacted; `_meta` ties it to a task). */
export function progressNotification(
  progressToken: string | number,
  update: { progress: number; total?: number | undefined; message?: string | undefined },
  meta?: Record<string, unknown>,
) {
  return {
    method: 'notifications/progress' as const,
    params: {
      progressToken,
      progress: update.progress,
      ...(update.total === undefined ? {} : { total: update.total }),
      ...(update.message === undefined ? {} : { message: update.message }),
      ...(meta === undefined ? {} : { _meta: meta }),
    },
  };
}

/** Sends a note the tool does not depend on: a failure is logged at debug and never fails the tool. */
export async function sendQuietly(logger: Logger, what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    logger.debug(`Could not send ${what}`, { error: String(error) });
  }
}

/**
 * Progress on the request itself: `notifications/progress` with the caller's token, when it sent one
 * (a no-op otherwise). A note that cannot be delivered never fails the tool.
 */
export function progressOnRequest(
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  redactor: Redactor,
  logger: Logger,
  toolName: string,
): ToolContext['progress'] {
  const progressToken = extra._meta?.progressToken;
  return async (update) => {
    if (progressToken === undefined) return;
    await sendQuietly(logger, `progress of ${toolName}`, () =>
      extra.sendNotification(
        progressNotification(progressToken, {
          ...update,
          message: update.message === undefined ? undefined : redactor.text(update.message),
        }),
      ),
    );
  };
}
