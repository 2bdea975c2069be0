import { handOffQr } from '../ui/hand-off.js';
import { createArgs, nextStepSchema, presentQr, presentSession, qrSchema, sessionSchema } from './schemas.js';
import { defineTool } from './tool.js';

/** `setup_session`: the guide's "Caso 1", create → connect → QR in one call. */
export const setupSession = defineTool({
  name: 'setup_session',
  title: 'Set up a new WhatsApp session (create, connect, QR)',
  description:
    'Onboards a new client in one call: creates the session, starts its connection and returns the QR code as an image with its expiry. Show the QR to the user (WhatsApp > Linked devices > Link a device), then call wait_for_connection. If the session already exists, use connect_session and get_qr_code instead.',
  inputSchema: createArgs,
  outputSchema: { session: sessionSchema, qr: qrSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, deps, ctx) {
    const { sessionId, ...rest } = args;
    const { session, qr } = await deps.hub.setupSession(sessionId, { ...rest, signal: ctx.signal });
    deps.memory.expectPhone(sessionId, args.phoneNumber);
    deps.memory.rememberQr(sessionId, qr);
    const present = presentQr(qr, sessionId, deps.now());
    const { nextStep, image } = handOffQr(
      deps,
      qr,
      `Show this QR to the user now (it expires in ${present.expiresInSeconds} s), then call wait_for_connection for "${sessionId}"; it returns a new QR if this one expires first.`,
    );
    return {
      structured: { session: presentSession(session), qr: present, nextStep },
      ...(image ? { image } : {}),
    };
  },
});
