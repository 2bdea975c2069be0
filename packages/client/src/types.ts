import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

/** The statuses the API documents: `pending`, `connected`, `disconnected`, `error`. */
export type KnownSessionStatus = Schemas['SessionStatus'];
/**
 * A session's status. `unknown` stands for a value the API documentation never listed (a newer service may
 * add states): the client keeps working and the raw value is in `rawStatus`, so show it rather than guess.
 */
export type SessionStatus = KnownSessionStatus | 'unknown';
/** The API's machine-readable error codes. */
export type ErrorCode = Schemas['ErrorCode'];

/** A WhatsApp session, with dates as `Date`s and its QR (if any) normalised. */
export interface Session {
  /** The numeric database id (`dbId`); the status route takes it. */
  id: number;
  /** The caller-chosen id, such as `cliente_001`. */
  sessionId: string;
  name: string;
  description: string | null;
  /** The expected or connected phone number. */
  phoneNumber: string | null;
  status: SessionStatus;
  /** The status exactly as the server sent it (null when it sent none); differs from `status` when that is `unknown`. */
  rawStatus: string | null;
  /** The QR waiting to be scanned, when the server included one. It carries no expiry, so fetch `getQr` to show one. */
  qrBase64: string | null;
  lastActivity: Date | null;
  /** When the session was created, when the server said. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** The account's sessions. */
export interface SessionList {
  sessions: Session[];
  total: number;
}

/** A session's connection status. */
export interface SessionStatusInfo {
  id: number;
  sessionId: string;
  status: SessionStatus;
  /** The status exactly as the server sent it; see {@link Session.rawStatus}. */
  rawStatus: string | null;
  /** The connected number when connected, else the expected one or null. */
  phoneNumber: string | null;
  isConnected: boolean;
  hasQR: boolean;
  lastActivity: Date | null;
}

/** The result of `connect` and `disconnect`. */
export interface SessionState {
  sessionId: string;
  status: SessionStatus;
  /** The status exactly as the server sent it; see {@link Session.rawStatus}. */
  rawStatus: string | null;
}

/**
 * Anything that names a session: its `sessionId`, or an object that carries it (and maybe its numeric `id`).
 * `getStatus` also takes `{ id }` alone, since its route is addressed by the numeric id.
 */
export type SessionRef = string | { sessionId: string; id?: number | undefined };

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
  /** The session's status when the QR was fetched (`unknown` for a value the API never documented). */
  status: SessionStatus;
  /** The status exactly as the server sent it, or null. */
  rawStatus: string | null;
  /** The PNG bytes. Decoded on demand. */
  png(): Uint8Array;
  /** Milliseconds until it expires (0 once expired). */
  expiresInMs(now?: number): number;
}
