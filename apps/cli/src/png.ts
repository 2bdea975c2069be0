import { InvalidResponseError } from '@inbox-hub/client';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A QR is a few hundred pixels square; anything near this is not a QR, and may be a decompression bomb. */
const MAX_SIDE = 4096;
const MAX_PIXELS = 4_000_000;

/**
 * Checks that bytes from the server are a PNG of a sane size, from its signature and header only, before
 * anything decodes or saves them: a hostile server could send any bytes, or a small PNG that declares a
 * gigantic image and takes a gigabyte to decode.
 */
export function assertPng(bytes: Uint8Array): { width: number; height: number } {
  const isPng = bytes.length >= 24 && SIGNATURE.every((b, i) => bytes[i] === b);
  // The first chunk must be IHDR: 4 bytes length, "IHDR", then width and height (big-endian).
  const ihdr = isPng && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!ihdr) {
    throw new InvalidResponseError(
      'The server sent a QR that is not a PNG image; nothing was saved or shown. Check INBOX_HUB_BASE_URL.',
      { status: 200 },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new InvalidResponseError(
      `The server sent a QR image of ${width}×${height} pixels, far larger than a QR code; it was not decoded. Check INBOX_HUB_BASE_URL.`,
      { status: 200 },
    );
  }
  return { width, height };
}
