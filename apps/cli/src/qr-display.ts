import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { QrCode } from '@inbox-hub/client';
import { UsageError } from './exit-codes.js';
import { colorOk, type Io } from './io.js';
import { assertPng } from './png.js';
import { pngToMatrix, renderQr } from './qr-terminal.js';

/** The QR drawn for the terminal, with a line on how to scan it. Returns the text and its line count. */
export function qrBlock(io: Io, qr: QrCode, sessionId: string): { text: string; lines: number } {
  const drawing = renderQr(pngToMatrix(qr.png()), { color: colorOk(io) });
  const seconds = Math.round(qr.expiresInMs() / 1000);
  const text = `${drawing}\nScan for "${sessionId}" in WhatsApp > Linked devices > Link a device. Expires in ${seconds} s (${qr.expiresAt.toISOString()}).`;
  return { text, lines: text.split('\n').length };
}

/**
 * Saves the PNG of a QR: only if the bytes are a PNG, never through a symbolic link at `file` (which
 * could point anywhere the user can write), and atomically: the bytes go to a new file in the same
 * directory (created exclusively, readable by the user only: a QR logs a phone in) and are renamed over
 * `file`, so a reader never sees half a file.
 */
export async function saveQr(qr: QrCode, file: string): Promise<void> {
  const bytes = qr.png();
  assertPng(bytes);
  const existing = await lstat(file).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    throw new UsageError(
      `${file} is a symbolic link; the QR is not written through it. Remove the link or choose another --out path.`,
    );
  }
  if (existing?.isDirectory()) throw new UsageError(`${file} is a directory: give --out a file name.`);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: 'wx', mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A QR as the CLI's JSON output shows it. */
export function qrJson(qr: QrCode, sessionId: string) {
  return { sessionId, status: qr.status, expiresAt: qr.expiresAt.toISOString(), qrCode: qr.dataUrl };
}
