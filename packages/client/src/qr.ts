import { InvalidResponseError } from './errors.js';
import type { QrCode, SessionStatus } from './types.js';

export type { QrCode };

const DATA_URL_PREFIX = /^data:image\/png;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * QR codes as the API sends them, normalised. Public because every surface that shows a QR (the MCP
 * server's image content, the n8n node's binary output, the CLI's terminal drawing, the dashboard) reads
 * it the same way.
 * @module
 */

const KNOWN_STATUSES: ReadonlySet<string> = new Set(['pending', 'connected', 'disconnected', 'error']);

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

/**
 * Builds a {@link QrCode} from the API's QR payload (`GET /api/sessions/{sessionId}/qr`'s `data`): the QR as a
 * data URL or raw base64, its `expiresAt`, and the session's status, tolerating a status the API never listed.
 * Throws {@link InvalidResponseError} when the QR is not base64 or the date is not a date.
 */
export function normalizeQr(raw: {
  sessionId?: string | null | undefined;
  qrCode: string;
  expiresAt: string | Date;
  status?: string | null | undefined;
  rawStatus?: string | null | undefined;
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
    sessionId: raw.sessionId ?? undefined,
    base64,
    dataUrl: `data:image/png;base64,${base64}`,
    expiresAt,
    status:
      typeof raw.status === 'string' && KNOWN_STATUSES.has(raw.status)
        ? (raw.status as SessionStatus)
        : 'unknown',
    rawStatus: raw.rawStatus !== undefined ? raw.rawStatus : (raw.status ?? null),
    png() {
      bytes ??= base64ToBytes(base64);
      return bytes;
    },
    expiresInMs(now = Date.now()) {
      return Math.max(0, expiresAt.getTime() - now);
    },
  };
}
