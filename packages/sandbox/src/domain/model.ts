/** `pending`, `connected`, `disconnected` or `error`, as in the spec. */
export type SessionStatus = 'pending' | 'connected' | 'disconnected' | 'error';

/** An account of the sandbox: one API key, and the e-mail/password that log in to it. */
export interface Tenant {
  id: string;
  name: string;
  apiKey: string;
  email: string;
  /**
   * Stored as given: sandbox accounts are fake by design (never configure a real password here), and the
   * start banner must be able to print a generated one again after a restart.
   */
  password: string;
}

/** The connection attempt a `/connect` starts: the QR currently shown and when it rotates. */
export interface ConnectAttempt {
  startedAt: number;
  /** 0 for the first QR of the attempt, 1 for the next, ... */
  qrIndex: number;
  payload: string;
  issuedAt: number;
  expiresAt: number;
}

/** Every QR ever issued, so a scan can tell an unknown code from an expired or used one. */
export interface QrRecord {
  payload: string;
  sessionDbId: number;
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** A session as the sandbox stores it. */
export interface SessionRecord {
  id: number;
  tenantId: string;
  sessionId: string;
  name: string;
  description: string | null;
  /** The `phoneNumber` given on create: the number expected to scan. */
  expectedPhoneNumber: string | null;
  /** The number of the phone that scanned last. */
  connectedPhoneNumber: string | null;
  status: SessionStatus;
  attempt: ConnectAttempt | null;
  /** Sandbox-only remarks, such as `PHONE_NUMBER_MISMATCH`; never sent on the public API. */
  flags: string[];
  lastActivity: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The phone number the public API shows, as the spec words it: the connected one when connected, else the expected one or null. */
export function visiblePhoneNumber(session: SessionRecord): string | null {
  return session.status === 'connected' ? session.connectedPhoneNumber : session.expectedPhoneNumber;
}

/** True when the session holds `phone`: it expects that number, or is connected with it. */
export function holdsPhoneNumber(session: SessionRecord, phone: string): boolean {
  return (
    session.expectedPhoneNumber === phone ||
    (session.status === 'connected' && session.connectedPhoneNumber === phone)
  );
}
