import { z } from 'zod';
import { presentSession, sessionSchema, statusSchema } from './schemas.js';
import { defineTool } from './tool.js';

/** `list_sessions`: the account's sessions, optionally filtered by status. */
export const listSessions = defineTool({
  name: 'list_sessions',
  title: 'List WhatsApp sessions',
  description:
    'Lists the WhatsApp sessions of the account with their status and phone number. Use it to find a sessionId, to check which sessions are disconnected (reconnect them with connect_session), or before creating one to avoid a duplicate. Pass status to see only sessions in that status.',
  inputSchema: {
    status: statusSchema.optional().describe('Only sessions in this status. Optional.'),
  },
  outputSchema: {
    total: z.number().int().min(0).describe('How many sessions the account has (before the status filter).'),
    count: z.number().int().min(0).describe('How many sessions are listed here.'),
    sessions: z.array(sessionSchema),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, deps, ctx) {
    const list = await deps.hub.sessions.list({ signal: ctx.signal });
    const sessions = list.sessions.filter((s) => args.status === undefined || s.status === args.status);
    return {
      structured: { total: list.total, count: sessions.length, sessions: sessions.map(presentSession) },
    };
  },
});
