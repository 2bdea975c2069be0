import { createArgs, nextStepSchema, presentSession, sessionSchema } from './schemas.js';
import { defineTool } from './tool.js';

/** `create_session`: creates a session in `pending` status, without connecting it. */
export const createSession = defineTool({
  name: 'create_session',
  title: 'Create a WhatsApp session',
  description:
    'Creates a WhatsApp session for one client or branch (status "pending"). It does not connect it: call connect_session and then get_qr_code next, or use setup_session to do all three in one call. Fails if the sessionId already exists (then use get_session_status or connect_session) or if the phone number belongs to another session.',
  inputSchema: createArgs,
  outputSchema: { session: sessionSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, deps, ctx) {
    const session = await deps.hub.sessions.create(args, { signal: ctx.signal });
    deps.memory.expectPhone(session.sessionId, args.phoneNumber);
    return {
      structured: {
        session: presentSession(session),
        nextStep: `Session "${session.sessionId}" was created. Call connect_session, then get_qr_code to show the QR to the user.`,
      },
    };
  },
});
