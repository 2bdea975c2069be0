import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { SandboxError } from './errors.js';

// jsqr is CommonJS typed as an ES module: under NodeNext the default import is `module.exports`, which is
// the function itself at run time while its types describe `{ default }`. This picks whichever is callable.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const cache = new Map<string, string>();
const CACHE_LIMIT = 2_000;

/**
 * The PNG of a QR code that encodes `payload`, as raw base64. Rendering is deterministic, so after a
 * restart the same payload gives the same image; results are cached because a polling client asks for the
 * same QR many times.
 */
export async function qrPngBase64(payload: string): Promise<string> {
  const hit = cache.get(payload);
  if (hit) return hit;
  const png = await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  const base64 = png.toString('base64');
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(payload, base64);
  return base64;
}

/** The largest image the phone reads, in bytes; a QR PNG is a few KB. */
const MAX_IMAGE_BYTES = 256 * 1024;
/** The largest image it decodes, in pixels, checked from the PNG header before decoding anything. */
const MAX_IMAGE_PIXELS = 4_000_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Refuses an image too big to be a QR before decoding it: by its size, then by what its PNG chunks declare.
 * A small file can declare a gigantic image that takes a gigabyte and seconds to inflate. Every IHDR is
 * read, not only the first (the decoder uses the last one, so a harmless first header could hide a bomb),
 * and interlaced images are refused (the decoder inflates them without a size cap; a QR is never one).
 */
function checkImageSize(bytes: Buffer): 'ok' | 'too-large' {
  if (bytes.length > MAX_IMAGE_BYTES) return 'too-large';
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'ok'; // not a PNG: unreadable
  let headers = 0;
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (type === 'IHDR') {
      headers++;
      if (length < 13 || offset + 8 + 13 > bytes.length) return 'too-large';
      const width = bytes.readUInt32BE(offset + 8);
      const height = bytes.readUInt32BE(offset + 12);
      const interlaced = bytes[offset + 8 + 12] !== 0;
      if (headers > 1 || interlaced || width > 8192 || height > 8192 || width * height > MAX_IMAGE_PIXELS) {
        return 'too-large';
      }
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return 'ok';
}

/** The bytes of an image given as a data URL, raw base64 or bytes. */
function imageBytes(image: string | Uint8Array): Buffer {
  return typeof image === 'string'
    ? Buffer.from(image.replace(/^data:image\/png;base64,/i, '').replace(/\s+/g, ''), 'base64')
    : Buffer.from(image);
}

/**
 * Reads the payload out of a QR image, as a phone's camera would: accepts a `data:image/png;base64,` URL,
 * raw base64 or PNG bytes. Returns undefined when the image holds no readable QR code. An image too large
 * to be one (see {@link checkImageSize}) is not decoded at all: a `SandboxError` 413 `IMAGE_TOO_LARGE`.
 */
export function decodeQrImage(image: string | Uint8Array): string | undefined {
  const bytes = imageBytes(image);
  if (checkImageSize(bytes) === 'too-large') {
    throw new SandboxError(
      413,
      'IMAGE_TOO_LARGE',
      `The image is larger than a QR code can be (at most ${MAX_IMAGE_BYTES / 1024} KB and ${MAX_IMAGE_PIXELS.toLocaleString('en')} pixels); it was not decoded.`,
    );
  }
  try {
    const png = PNG.sync.read(bytes);
    const result = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    return result?.data || undefined;
  } catch {
    return undefined;
  }
}
