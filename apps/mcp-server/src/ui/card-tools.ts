import { z } from 'zod';
import { expectedPhoneArg, sessionIdArg } from '../tools/schemas.js';
import type { ToolAnnotations, ToolContext, ToolDeps, ToolResult } from '../tools/tool.js';
import { type CardState, cardStateSchema, readCardState } from './card-state.js';

/** The names of the card's own tools. */
export type CardToolName = 'card_state' | 'card_retry';

/** What the card's tools are allowed to tell, decided by the tools the server offers. */
export interface CardToolContext extends ToolContext {
  /** `card_retry` is offered (a tool that starts a connection is). */
  canRetry: boolean;
  /** The session's name may be read (`list_sessions` is offered; the name is list data). */
  canName: boolean;
}

/**
 * One of the card's own tools. They are app-only (`visibility: ["app"]`): the host lets the card call them
 * and never shows them to the model, so refreshing the QR costs the model nothing. SDK-free like every tool.
 */
export interface CardTool {
  readonly name: CardToolName;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: z.ZodRawShape;
  readonly outputSchema: z.ZodRawShape;
  readonly annotations: ToolAnnotations;
  run(args: Record<string, unknown>, deps: ToolDeps, ctx: CardToolContext): Promise<ToolResult<CardState>>;
}

const cardArgs = {
  sessionId: sessionIdArg,
  expectedPhoneNumber: expectedPhoneArg,
  withName: z
    .boolean()
    .default(false)
    .describe("Also return the session's name (costs one more API call); the card asks once."),
};

type CardArgs = z.output<z.ZodObject<typeof cardArgs>>;

/** `card_state`: the session's status, phone check and current QR, for the card's first draw and its polls. */
export const cardState: CardTool = {
  name: 'card_state',
  title: 'Connect card: read the session state',
  description:
    "For the connect card only: returns the session's status, whether the expected phone connected, and the current QR (as an image) while it waits for a scan. The card calls it to draw itself and to fetch the next QR when one expires.",
  inputSchema: cardArgs,
  outputSchema: cardStateSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run(raw, deps, ctx) {
    const args = raw as CardArgs;
    return readCardState(deps, args.sessionId, {
      withName: args.withName && ctx.canName,
      expectedPhoneNumber: args.expectedPhoneNumber,
      canRetry: ctx.canRetry,
      signal: ctx.signal,
    });
  },
};

/** `card_retry`: the card's "Try again": starts a new connection (a fresh QR) and returns the new state. */
export const cardRetry: CardTool = {
  name: 'card_retry',
  title: 'Connect card: try again',
  description:
    'For the connect card only: when the session is in error or disconnected, starts its connection again (a fresh QR, as connect_session does) and returns the new state. Called when the user presses the card\'s "Try again".',
  inputSchema: cardArgs,
  outputSchema: cardStateSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(raw, deps, ctx) {
    const args = raw as CardArgs;
    await deps.hub.sessions.connect(args.sessionId, { signal: ctx.signal });
    // The QR shown before no longer works once a new connection starts.
    deps.memory.forgetQr(args.sessionId);
    return cardState.run(raw, deps, ctx);
  },
};
