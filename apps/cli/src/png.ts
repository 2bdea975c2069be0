import { InvalidResponseError } from '@inbox-hub/client';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A QR is a few hundred pixels square; anything near these is not a QR, and may be a decompression bomb. */
const MAX_SIDE = 4096;
const MAX_PIXELS = 4_000_000;

/**
 * Checks that a QR's bytes from the server are a PNG of a sane size, from the file's chunks alone, before
 * anything decodes or saves them: a hostile server could send any bytes, or a small PNG that declares a
 * gigantic image and takes a gigabyte to inflate. Every header is read (pngjs uses the last, so a harmless
 * first one could hide a bomb), and interlaced images are refused (a QR never is one, and pngjs inflates
 * them without a cap). Returns the image's size; throws InvalidResponseError otherwise.
 */
export function assertPng(bytes: Uint8Array): { width: number; height: number } {
  const refuse = (why: string) =>
    new InvalidResponseError(
      `The server sent a QR ${why}; nothing was decoded, saved or shown. Check INBOX_HUB_BASE_URL.`,
      { status: 200 },
    );
  if (bytes.length < 24 || !SIGNATURE.every((b, i) => bytes[i] === b))
    throw refuse('that is not a PNG image');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size: { width: number; height: number } | undefined;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const chunk = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (chunk === 'IHDR') {
      if (size !== undefined) throw refuse('that is a PNG with two headers');
      if (length < 13 || at + 8 + 13 > bytes.length) throw refuse('that is a truncated PNG');
      const width = view.getUint32(at + 8);
      const height = view.getUint32(at + 12);
      if (
        width === 0 ||
        height === 0 ||
        width > MAX_SIDE ||
        height > MAX_SIDE ||
        width * height > MAX_PIXELS
      ) {
        throw refuse(`image of ${width}×${height} pixels, far larger than a QR code`);
      }
      if (bytes[at + 8 + 12] !== 0) throw refuse('that is an interlaced PNG, which a QR never is');
      size = { width, height };
    }
    if (chunk === 'IEND') break;
    at += 12 + length;
  }
  if (size === undefined) throw refuse('that is not a PNG image');
  return size;
}
