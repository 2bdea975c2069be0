import { type SessionRecord, visiblePhoneNumber } from '../domain/model.js';
import { qrPngBase64 } from '../domain/qr-image.js';
import type { SessionService } from '../domain/session-service.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * A session as the spec's `Session` schema: exactly its properties (the schema forbids others). `qrCode`
 * is raw base64 here, unlike `/qr`, as the spec records.
 */
export async function sessionBody(session: SessionRecord, sessions: SessionService) {
  const qrCode =
    sessions.hasQr(session) && session.attempt ? await qrPngBase64(session.attempt.payload) : null;
  return {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    description: session.description,
    phoneNumber: visiblePhoneNumber(session),
    status: session.status,
    qrCode,
    lastActivity: isoOrNull(session.lastActivity),
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  };
}

/** A session as the spec's `SessionStatusInfo`. */
export function statusBody(session: SessionRecord, sessions: SessionService) {
  return {
    id: session.id,
    sessionId: session.sessionId,
    status: session.status,
    phoneNumber: visiblePhoneNumber(session),
    isConnected: session.status === 'connected',
    hasQR: sessions.hasQr(session),
    lastActivity: isoOrNull(session.lastActivity),
  };
}

/** `{ sessionId, status }`, the body of `/connect` and `/disconnect`. */
export function stateBody(session: SessionRecord) {
  return { sessionId: session.sessionId, status: session.status };
}

export { iso };
