import { z } from 'zod';
import { nextStepSchema, sessionIdArg } from './schemas.js';
import { defineTool } from './tool.js';

/** The longest link lifetime the dashboard accepts, in hours (30 days). */
const MAX_TTL_HOURS = 720;

/**
 * `create_connect_link`: a signed, single-use web page for a customer who is not in the chat, from the
 * dashboard's connect-link API. Offered only when that API is configured.
 */
export const createConnectLink = defineTool({
  name: 'create_connect_link',
  title: 'Create a link the customer opens to connect their WhatsApp',
  description:
    "Creates a signed, single-use web link for a customer who is not in this chat, to connect their WhatsApp to an existing session without you showing the QR: they open the link, see the session's current QR (it refreshes by itself) and scan it with their phone. The link stops working once their phone is connected, or when it expires (24 h unless ttlHours says otherwise). Send the returned url to the customer only: anyone who has it can link a phone to that session until then. The session must exist and not be connected yet (create it first with create_session). Afterwards, wait_for_connection or get_session_status tell when the customer's phone connected.",
  inputSchema: {
    sessionId: sessionIdArg,
    ttlHours: z
      .number()
      .gt(0, 'ttlHours must be above 0.')
      .max(MAX_TTL_HOURS, `ttlHours may be at most ${MAX_TTL_HOURS} (30 days).`)
      .optional()
      .describe(
        `How long the link works, in hours (above 0, at most ${MAX_TTL_HOURS}). Optional: the dashboard's default, usually 24. Prefer a short lifetime.`,
      ),
  },
  outputSchema: {
    link: z.object({
      url: z
        .string()
        .describe(
          'The page to send to the customer. It is a bearer permission: share it with that customer only.',
        ),
      sessionId: z.string(),
      expiresAt: z.string().describe('When the link stops working (ISO 8601, UTC).'),
    }),
    nextStep: nextStepSchema,
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  requires: 'connectLinks',
  async run(args, deps, ctx) {
    if (deps.connectLinks === undefined) {
      throw new Error('create_connect_link is offered only when the dashboard is configured');
    }
    const link = await deps.connectLinks.create(args.sessionId, {
      ttlHours: args.ttlHours,
      signal: ctx.signal,
    });
    const hours = Math.max(0, Math.round((link.expiresAt.getTime() - deps.now()) / 3_600_000));
    return {
      structured: {
        link: { url: link.url, sessionId: link.sessionId, expiresAt: link.expiresAt.toISOString() },
        nextStep: `Send this link to the customer (and only to them): they open it on a computer and scan the QR with the phone that should connect, in WhatsApp > Linked devices > Link a device. It works for about ${hours} h or until that phone connects. To know when it connected, call wait_for_connection or get_session_status for "${link.sessionId}".`,
      },
    };
  },
});
