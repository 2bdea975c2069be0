import { InvalidResponseError } from '../errors.js';
import type { SessionStatus } from '../types.js';

const DATA_URL_PREFIX = /^data:image\/png;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A QR code, normalised whichever form the server sent it in. */
export interface QrCode {
  /** The session it belongs to, when the server said. */
  sessionId: string | undefined;
  /** The PNG as raw base64 (no `data:` prefix). */
  base64: string;
  /** The PNG as a `data:image/png;base64,...` URL, ready for `<img src>`. */
  dataUrl: string;
  /** When the QR stops working. */
  expiresAt: Date;
  /** The session's status when the QR was fetched. */
  status: SessionStatus;
  /** The PNG bytes. Decoded on demand. */
  png(): Uint8Array;
  /** Milliseconds until it expires (0 once expired). */
  expiresInMs(now?: number): number;
}

/** Turns base64 into bytes without Node's Buffer, so the client runs in browsers and edge runtimes. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Accepts a QR as a `data:image/png;base64,` URL or as raw base64 (the guide uses both) and returns the
 * raw base64. Whitespace some servers wrap base64 with is dropped.
 */
export function qrBase64(value: string): string {
  const base64 = value.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (base64.length === 0 || !BASE64.test(base64)) {
    throw new InvalidResponseError(
      'The server sent a QR code that is neither a data:image/png;base64 URL nor base64. Fetch it again; if it persists, report it with the request id.',
      { status: 200 },
    );
  }
  return base64;
}

/** Builds a {@link QrCode} from the API's QR payload. */
export function normalizeQr(raw: {
  sessionId?: string | undefined;
  qrCode: string;
  expiresAt: string | Date;
  status: SessionStatus;
}): QrCode {
  const base64 = qrBase64(raw.qrCode);
  const expiresAt = raw.expiresAt instanceof Date ? raw.expiresAt : new Date(raw.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) {
    throw new InvalidResponseError('The server sent a QR code with an invalid expiresAt date.', {
      status: 200,
    });
  }
  let bytes: Uint8Array | undefined;
  return {
    sessionId: raw.sessionId,
    base64,
    dataUrl: `data:image/png;base64,${base64}`,
    expiresAt,
    status: raw.status,
    png() {
      bytes ??= base64ToBytes(base64);
      return bytes;
    },
    expiresInMs(now = Date.now()) {
      return Math.max(0, expiresAt.getTime() - now);
    },
  };
}
