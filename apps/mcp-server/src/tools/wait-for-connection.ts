import { type QrCode, type SessionStatusInfo, WaitTimeoutError } from '@inbox-hub/client';
import { z } from 'zod';
import { handOffQr } from '../ui/hand-off.js';
import {
  expectedPhoneArg,
  mismatchWarning,
  nextStepFor,
  nextStepSchema,
  phoneCheck,
  phoneCheckSchema,
  presentQr,
  presentStatus,
  qrSchema,
  sessionIdArg,
  statusInfoSchema,
} from './schemas.js';
import { defineTool } from './tool.js';

/** `wait_for_connection`: polls until connected, error, a timeout, or a new QR to show. */
export const waitForConnection = defineTool({
  name: 'wait_for_connection',
  title: 'Wait until the QR is scanned',
  description:
    'Waits (polling with backoff) until the session is connected, fails, or timeoutSeconds pass; call it right after showing a QR. When the shown QR expires before it is scanned, it returns at once with outcome "new_qr" and the new QR as an image: show it in place of the old one and call wait_for_connection again. On "connected" it reports the connected phone number and flags it when it is not the expected one. Sends progress notifications when the client asks for them, and stops when the call is cancelled.',
  inputSchema: {
    sessionId: sessionIdArg,
    timeoutSeconds: z
      .number()
      .int()
      .min(1, 'timeoutSeconds must be at least 1.')
      .max(600, 'timeoutSeconds may be at most 600 (10 minutes).')
      // Many MCP clients give up on a request after 60 s, so the default stays below that; a timeout is
      // a normal result (call again), not an error.
      .default(45)
      .describe(
        'How long to wait at most, in seconds (1-600, default 45). Many clients cancel calls after 60 s: on outcome "timeout" just call again.',
      ),
    expectedPhoneNumber: expectedPhoneArg,
  },
  outputSchema: {
    outcome: z
      .enum(['connected', 'error', 'disconnected', 'timeout', 'new_qr'])
      .describe(
        'connected: done. new_qr: show the new QR and wait again. timeout: still pending, show the QR again and wait again. error/disconnected: call connect_session to retry.',
      ),
    status: statusInfoSchema,
    phoneCheck: phoneCheckSchema,
    qr: qrSchema
      .optional()
      .describe('The QR to show now (outcomes new_qr and timeout); the image is attached.'),
    polls: z.number().int().min(0),
    waitedSeconds: z.number().int().min(0),
    nextStep: nextStepSchema,
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Clients that support tasks can run the wait in the background and poll for its result.
  taskSupport: 'optional',
  async run(args, deps, ctx) {
    const { sessionId } = args;
    const started = deps.now();
    const shown = deps.memory.lastQr(sessionId);
    let polls = 0;
    let last: SessionStatusInfo | undefined;
    let outcome: 'connected' | 'error' | 'disconnected' | 'timeout' | 'new_qr';
    let qr: QrCode | undefined;

    try {
      const result = await deps.hub.waitForConnection(sessionId, {
        signal: ctx.signal,
        timeoutMs: args.timeoutSeconds * 1000,
        pollIntervalMs: deps.wait.pollIntervalMs,
        maxPollIntervalMs: deps.wait.maxPollIntervalMs,
        ...(deps.wait.clock ? { clock: deps.wait.clock } : {}),
        qr: shown,
        // The user is looking at a QR that no longer works (or at none): hand the new one over now
        // rather than keep polling for a scan that cannot happen.
        returnOnNewQr: true,
        onStatus: async (status) => {
          last = status;
          polls++;
          const waited = Math.round((deps.now() - started) / 1000);
          await ctx.progress({
            progress: polls,
            message: `Session "${sessionId}" is ${status.status} after ${waited} s (poll ${polls}).`,
          });
        },
      });
      outcome = result.outcome;
      last = result.status;
      if (outcome === 'new_qr' && result.qr) {
        qr = result.qr;
        deps.memory.rememberQr(sessionId, qr);
      }
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        outcome = 'timeout';
        last = error.lastStatus ?? last;
        qr = deps.memory.lastQr(sessionId);
      } else {
        throw error;
      }
    }
    if (last === undefined) throw new Error('wait ended without a status');
    if (outcome === 'connected') deps.memory.forgetQr(sessionId);

    const check = phoneCheck(args.expectedPhoneNumber ?? deps.memory.expectedPhone(sessionId), last);
    const shownQr = qr === undefined ? undefined : presentQr(qr, sessionId, deps.now());
    const usual = nextStepForOutcome(outcome, sessionId, shownQr?.expiresInSeconds, mismatchWarning(check));
    const { nextStep, image } = qr ? handOffQr(deps, qr, usual) : { nextStep: usual, image: undefined };
    return {
      structured: {
        outcome,
        status: presentStatus(last),
        phoneCheck: check,
        ...(shownQr ? { qr: shownQr } : {}),
        polls,
        waitedSeconds: Math.max(0, Math.round((deps.now() - started) / 1000)),
        nextStep,
      },
      ...(image ? { image } : {}),
    };
  },
});

function nextStepForOutcome(
  outcome: 'connected' | 'error' | 'disconnected' | 'timeout' | 'new_qr',
  sessionId: string,
  qrSeconds: number | undefined,
  warning: string | undefined,
): string {
  switch (outcome) {
    case 'connected':
      return warning ?? `Session "${sessionId}" is connected. Tell the user the WhatsApp number is linked.`;
    case 'new_qr':
      return `A new QR was issued (the one shown before expired, or none was shown). Show this QR to the user in place of any earlier one (it expires in ${qrSeconds ?? 0} s), then call wait_for_connection again.`;
    case 'timeout':
      return `Session "${sessionId}" is still waiting for a scan. Ask the user whether they scanned the QR; show it again (get_qr_code) and call wait_for_connection once more.`;
    default:
      return nextStepFor(outcome, sessionId);
  }
}
