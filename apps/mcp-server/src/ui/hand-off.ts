import type { QrCode } from '@inbox-hub/client';
import { qrImage } from '../tools/schemas.js';
import type { ToolDeps } from '../tools/tool.js';

/** The next step of a QR result when the connect card shows the QR: no tool names, so no further call. */
export const CARD_NEXT_STEP =
  'The connect card in this chat shows the QR to the user, replaces it with a new one when it expires and turns into "Connected" when the phone scans it, so no further tool call is needed now. Tell the user to scan the QR on the card in WhatsApp > Settings > Linked devices > Link a device.';

/**
 * What a QR tool hands the model beside the QR's metadata. Without the card: today's image and next step,
 * unchanged. With the card on screen: no image (the card draws the live QR; a second, soon stale copy
 * in the chat would only mislead) and a next step that leaves the waiting to the card.
 */
export function handOffQr(
  deps: Pick<ToolDeps, 'card'>,
  qr: QrCode,
  nextStep: string,
): { nextStep: string; image?: ReturnType<typeof qrImage> } {
  if (deps.card.active) return { nextStep: CARD_NEXT_STEP };
  return { nextStep, image: qrImage(qr) };
}
