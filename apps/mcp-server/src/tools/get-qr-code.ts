import { handOffQr } from '../ui/hand-off.js';
import { nextStepSchema, presentQr, qrSchema, sessionIdArg } from './schemas.js';
import { defineTool } from './tool.js';

/** `get_qr_code`: the current QR as an image, with its expiry. */
export const getQrCode = defineTool({
  name: 'get_qr_code',
  title: 'Get the QR code to scan',
  description:
    "Returns the session's current QR code as a PNG image to show the user, who scans it in WhatsApp > Linked devices > Link a device. The result says when it expires (expiresAt, expiresInSeconds): QR codes last about 60 s (later ones about 20 s). If there is no QR yet or it expired, call connect_session first. After showing it, call wait_for_connection.",
  inputSchema: { sessionId: sessionIdArg },
  outputSchema: { qr: qrSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, deps, ctx) {
    const qr = await deps.hub.sessions.getQr(args.sessionId, { signal: ctx.signal });
    deps.memory.rememberQr(args.sessionId, qr);
    const present = presentQr(qr, args.sessionId, deps.now());
    const { nextStep, image } = handOffQr(
      deps,
      qr,
      `Show this QR to the user now (it expires in ${present.expiresInSeconds} s), then call wait_for_connection for "${args.sessionId}".`,
    );
    return { structured: { qr: present, nextStep }, ...(image ? { image } : {}) };
  },
});
