import { NotFoundError, type QrCode, QrExpiredError } from '@inbox-hub/client';
import { z } from 'zod';
import {
  nullable,
  phoneCheck,
  phoneCheckSchema,
  presentQr,
  qrImage,
  qrSchema,
  statusSchema,
} from '../tools/schemas.js';
import type { ToolDeps, ToolResult } from '../tools/tool.js';
import type { CardState as CardView } from './card/state.js';

/** What the connect card is told about its session: everything it draws, and never a credential. */
export const cardStateSchema = {
  sessionId: z.string(),
  name: nullable(z.string()).describe(
    'The session name, when the card asked for it (withName); null otherwise or when unknown.',
  ),
  status: statusSchema,
  phoneCheck: phoneCheckSchema,
  qr: qrSchema.optional().describe('The QR to show now (pending sessions only); the PNG is the image block.'),
  serverTime: z
    .string()
    .describe(
      "The server's clock when this state was read (ISO 8601): the card counts down to qr.expiresAt from it, so a skewed browser clock does not matter.",
    ),
  canRetry: z
    .boolean()
    .describe('Whether card_retry is offered, so the card shows "Try again" only when it can work.'),
};

/** The card state as JSON. */
export type CardState = z.input<z.ZodObject<typeof cardStateSchema>>;

/** Compiles only while the browser card's own copy of the type accepts every state this server sends. */
export type CardStateInSync = CardState extends CardView ? true : never;
const inSync: CardStateInSync = true;
void inSync;

/** Options of {@link readCardState}. */
export interface ReadCardStateOptions {
  /** Also read the session's name (one list call): the card asks once, then keeps it. */
  withName: boolean;
  /** The number the card was told to expect (from the tool call's arguments), else the remembered one. */
  expectedPhoneNumber?: string | undefined;
  canRetry: boolean;
  signal: AbortSignal;
}

/**
 * Reads a session's state for the card: status, phone check and, while it waits for a scan, the current
 * QR (remembered as shown, so a later `wait_for_connection` waits on the QR the user sees).
 */
export async function readCardState(
  deps: ToolDeps,
  sessionId: string,
  options: ReadCardStateOptions,
): Promise<ToolResult<CardState>> {
  const { signal } = options;
  const info = await deps.hub.sessions.getStatus(sessionId, { signal });
  const name = options.withName
    ? ((await deps.hub.sessions.find(sessionId, { signal }))?.name ?? null)
    : null;
  let qr: QrCode | undefined;
  if (info.status === 'pending' && info.hasQR) {
    try {
      qr = await deps.hub.sessions.getQr(sessionId, { signal });
      deps.memory.rememberQr(sessionId, qr);
    } catch (error) {
      // The QR can expire or be used between the two reads; the card simply asks again.
      if (!(error instanceof QrExpiredError || error instanceof NotFoundError)) throw error;
    }
  }
  if (info.status === 'connected') deps.memory.forgetQr(sessionId);
  const now = deps.now();
  return {
    structured: {
      sessionId: info.sessionId,
      name,
      status: info.status,
      phoneCheck: phoneCheck(options.expectedPhoneNumber ?? deps.memory.expectedPhone(sessionId), info),
      ...(qr ? { qr: presentQr(qr, sessionId, now) } : {}),
      serverTime: new Date(now).toISOString(),
      canRetry: options.canRetry,
    },
    ...(qr ? { image: qrImage(qr) } : {}),
  };
}
