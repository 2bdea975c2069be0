import { z } from 'zod';
import { nextStepSchema, sessionIdArg, statusSchema } from './schemas.js';
import { defineTool } from './tool.js';

/** `disconnect_session`: logs the session out of WhatsApp. */
export const disconnectSession = defineTool({
  name: 'disconnect_session',
  title: 'Disconnect a WhatsApp session',
  description:
    'Logs a session out of WhatsApp: its phone stops sending and receiving through Inbox Hub until it is reconnected and a QR scanned again. The session itself is kept. Only call it when the user asks to disconnect, or when the wrong phone connected. Reconnect later with connect_session.',
  inputSchema: { sessionId: sessionIdArg },
  outputSchema: { sessionId: z.string(), status: statusSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async run(args, deps, ctx) {
    const state = await deps.hub.sessions.disconnect(args.sessionId, { signal: ctx.signal });
    deps.memory.forgetQr(args.sessionId);
    return {
      structured: {
        sessionId: state.sessionId,
        status: state.status,
        nextStep:
          state.status === 'disconnected'
            ? `Session "${state.sessionId}" is disconnected. To use it again, call connect_session and show the new QR.`
            : `Session "${state.sessionId}" was not connected, so nothing changed (it is ${state.status}).`,
      },
    };
  },
});
