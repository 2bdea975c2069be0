import { writeFile } from 'node:fs/promises';
import type { QrCode } from '@inbox-hub/client';
import { colorOk, type Io } from './io.js';
import { pngToMatrix, renderQr } from './qr-terminal.js';

/** The QR drawn for the terminal, with a line on how to scan it. Returns the text and its line count. */
export function qrBlock(io: Io, qr: QrCode, sessionId: string): { text: string; lines: number } {
  const drawing = renderQr(pngToMatrix(qr.png()), { color: colorOk(io) });
  const seconds = Math.round(qr.expiresInMs() / 1000);
  const text = `${drawing}\nScan for "${sessionId}" in WhatsApp > Linked devices > Link a device. Expires in ${seconds} s (${qr.expiresAt.toISOString()}).`;
  return { text, lines: text.split('\n').length };
}

/** Saves the PNG of a QR. */
export async function saveQr(qr: QrCode, file: string): Promise<void> {
  await writeFile(file, qr.png());
}

/** A QR as the CLI's JSON output shows it. */
export function qrJson(qr: QrCode, sessionId: string) {
  return { sessionId, status: qr.status, expiresAt: qr.expiresAt.toISOString(), qrCode: qr.dataUrl };
}
