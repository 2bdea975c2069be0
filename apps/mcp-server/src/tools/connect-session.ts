import { z } from 'zod';
import { nextStepSchema, sessionIdArg, statusSchema } from './schemas.js';
import { defineTool } from './tool.js';

/** `connect_session`: starts the connection and issues a fresh QR. */
export const connectSession = defineTool({
  name: 'connect_session',
  title: 'Connect a WhatsApp session (issue a QR)',
  description:
    'Starts the WhatsApp connection of an existing session and issues a fresh QR code, replacing any earlier one. Use it after create_session, to reconnect a "disconnected" or "error" session, or when a QR expired. Then call get_qr_code to show the QR. A session that is already connected stays connected.',
  inputSchema: { sessionId: sessionIdArg },
  outputSchema: { sessionId: z.string(), status: statusSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, deps, ctx) {
    const state = await deps.hub.sessions.connect(args.sessionId, { signal: ctx.signal });
    // The previous QR no longer works once a new connection starts.
    deps.memory.forgetQr(args.sessionId);
    const nextStep =
      state.status === 'connected'
        ? `Session "${state.sessionId}" is already connected; no QR is needed.`
        : `Call get_qr_code for session "${state.sessionId}" and show the QR to the user.`;
    return { structured: { sessionId: state.sessionId, status: state.status, nextStep } };
  },
});
