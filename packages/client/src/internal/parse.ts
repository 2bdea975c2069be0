import { InvalidResponseError } from '../errors.js';
import type { Session, SessionList, SessionState, SessionStatus, SessionStatusInfo } from '../types.js';
import { normalizeQr, type QrCode, qrBase64 } from './qr.js';

const STATUSES: ReadonlySet<string> = new Set(['pending', 'connected', 'disconnected', 'error']);

type Raw = Record<string, unknown>;

function bad(operation: string, what: string): InvalidResponseError {
  return new InvalidResponseError(
    `Inbox Hub answered ${operation} with data that breaks the contract (${what}). Check that INBOX_HUB_BASE_URL points at the Inbox Hub API; if it does, report it.`,
    { status: 200 },
  );
}

function obj(value: unknown, operation: string, what: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(operation, `${what} is not an object`);
  return value as Raw;
}

function str(raw: Raw, key: string, operation: string): string {
  const value = raw[key];
  if (typeof value !== 'string') throw bad(operation, `${key} is not a string`);
  return value;
}

function nullableStr(raw: Raw, key: string, operation: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw bad(operation, `${key} is not a string`);
  return value;
}

function int(raw: Raw, key: string, operation: string): number {
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw bad(operation, `${key} is not an integer`);
  return value;
}

function bool(raw: Raw, key: string, operation: string): boolean {
  const value = raw[key];
  if (typeof value !== 'boolean') throw bad(operation, `${key} is not a boolean`);
  return value;
}

function status(raw: Raw, operation: string): SessionStatus {
  const value = raw.status;
  if (typeof value !== 'string' || !STATUSES.has(value))
    throw bad(operation, `status ${JSON.stringify(value)} is unknown`);
  return value as SessionStatus;
}

function date(raw: Raw, key: string, operation: string): Date | null {
  const value = nullableStr(raw, key, operation);
  if (value === null) return null;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw bad(operation, `${key} is not a date`);
  return parsed;
}

function requiredDate(raw: Raw, key: string, operation: string): Date {
  const value = date(raw, key, operation);
  if (value === null) throw bad(operation, `${key} is missing`);
  return value;
}

/** A session object from create or list. */
export function toSession(value: unknown, operation: string): Session {
  const raw = obj(value, operation, 'the session');
  const qr = nullableStr(raw, 'qrCode', operation);
  return {
    id: int(raw, 'id', operation),
    sessionId: str(raw, 'sessionId', operation),
    name: typeof raw.name === 'string' ? raw.name : str(raw, 'sessionId', operation),
    description: nullableStr(raw, 'description', operation),
    phoneNumber: nullableStr(raw, 'phoneNumber', operation),
    status: status(raw, operation),
    qrBase64: qr === null || qr === '' ? null : qrBase64(qr),
    lastActivity: date(raw, 'lastActivity', operation),
    createdAt: requiredDate(raw, 'createdAt', operation),
    updatedAt: date(raw, 'updatedAt', operation),
  };
}

/** The list payload. */
export function toSessionList(value: unknown, operation: string): SessionList {
  const raw = obj(value, operation, 'data');
  if (!Array.isArray(raw.sessions)) throw bad(operation, 'sessions is not an array');
  const sessions = raw.sessions.map((s) => toSession(s, operation));
  const total = typeof raw.total === 'number' ? raw.total : sessions.length;
  return { sessions, total };
}

/** The status payload. */
export function toStatusInfo(value: unknown, operation: string, dbId: number): SessionStatusInfo {
  const raw = obj(value, operation, 'data');
  return {
    id: typeof raw.id === 'number' ? raw.id : dbId,
    sessionId: str(raw, 'sessionId', operation),
    status: status(raw, operation),
    phoneNumber: nullableStr(raw, 'phoneNumber', operation),
    isConnected: bool(raw, 'isConnected', operation),
    hasQR: bool(raw, 'hasQR', operation),
    lastActivity: date(raw, 'lastActivity', operation),
  };
}

/** The connect / disconnect payload. */
export function toState(value: unknown, operation: string, sessionId: string): SessionState {
  const raw = obj(value, operation, 'data');
  return {
    sessionId: typeof raw.sessionId === 'string' ? raw.sessionId : sessionId,
    status: status(raw, operation),
  };
}

/** The QR payload. */
export function toQr(value: unknown, operation: string, sessionId: string): QrCode {
  const raw = obj(value, operation, 'data');
  return normalizeQr({
    sessionId: typeof raw.sessionId === 'string' ? raw.sessionId : sessionId,
    qrCode: str(raw, 'qrCode', operation),
    expiresAt: str(raw, 'expiresAt', operation),
    status: status(raw, operation),
  });
}
