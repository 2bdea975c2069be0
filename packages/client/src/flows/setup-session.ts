import type { RequestOptions } from '../internal/transport.js';
import type { QrCode } from '../qr.js';
import type { Sessions } from '../sessions.js';
import type { Session } from '../types.js';

/** Options of `setupSession` and `ensureSession`. */
export interface SetupSessionOptions extends RequestOptions {
  /** A descriptive name; the API defaults it to `Sesión {sessionId}`. */
  name?: string | undefined;
  /** The phone number expected to connect, digits with country code (`34612345678`). */
  phoneNumber?: string | null | undefined;
  /** A longer description. */
  description?: string | undefined;
}

/** What `setupSession` returns: the new session and the QR to show. */
export interface SetupSessionResult {
  session: Session;
  qr: QrCode;
}

/**
 * The guide's "Caso 1" for a new client: create the session, start its connection, fetch the QR.
 * Input is validated before the first request, so a bad phone number never leaves a half-made session.
 */
export async function setupSession(
  sessions: Sessions,
  sessionId: string,
  options: SetupSessionOptions = {},
): Promise<SetupSessionResult> {
  const { name, phoneNumber, description, ...request } = options;
  const session = await sessions.create({ sessionId, name, phoneNumber, description }, request);
  await sessions.connect(session, request);
  const qr = await sessions.getQr(session, request);
  return { session: { ...session, status: qr.status }, qr };
}
