import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

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

/**
 * Reads the payload out of a QR image, as a phone's camera would: accepts a `data:image/png;base64,` URL,
 * raw base64 or PNG bytes. Returns undefined when the image holds no readable QR code.
 */
export function decodeQrImage(image: string | Uint8Array): string | undefined {
  let bytes: Buffer;
  try {
    bytes =
      typeof image === 'string'
        ? Buffer.from(image.replace(/^data:image\/png;base64,/i, '').replace(/\s+/g, ''), 'base64')
        : Buffer.from(image);
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
