/**
 * Reads the API's payloads into the client's types as a tolerant reader: the real service may add
 * statuses or fields the guide never listed, or leave optional ones out. Only what the flows truly need is
 * enforced (a session's `id` and `sessionId`, a QR's `qrCode`); anything else that is missing or of an
 * unexpected type becomes `null` (or `unknown` for a status), so one odd session never makes `list()` throw
 * for all the others.
 */
import { InvalidResponseError } from '../errors.js';
import { normalizeQr, type QrCode, qrBase64 } from '../qr.js';
import type { Session, SessionList, SessionState, SessionStatus, SessionStatusInfo } from '../types.js';

const STATUSES: ReadonlySet<string> = new Set(['pending', 'connected', 'disconnected', 'error']);

/** How long a QR is taken to live when the server gives no `expiresAt` (the spec's shortest, ~20 s). */
const DEFAULT_QR_LIFETIME_MS = 20_000;

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

function requiredStr(raw: Raw, key: string, operation: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') throw bad(operation, `${key} is missing or not a string`);
  return value;
}

function optionalStr(raw: Raw, key: string): string | null {
  const value = raw[key];
  return typeof value === 'string' ? value : null;
}

function optionalBool(raw: Raw, key: string): boolean | undefined {
  const value = raw[key];
  return typeof value === 'boolean' ? value : undefined;
}

function date(raw: Raw, key: string): Date | null {
  const value = raw[key];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** The status, with anything the API never documented mapped to `unknown` and the raw value kept. */
function status(raw: Raw): { status: SessionStatus; rawStatus: string | null } {
  const value = raw.status;
  if (typeof value !== 'string') return { status: 'unknown', rawStatus: null };
  return { status: STATUSES.has(value) ? (value as SessionStatus) : 'unknown', rawStatus: value };
}

/** A session object from create or list. */
export function toSession(value: unknown, operation: string): Session {
  const raw = obj(value, operation, 'a session');
  const id = raw.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    throw bad(operation, 'a session id is not an integer');
  const sessionId = requiredStr(raw, 'sessionId', operation);
  const qr = optionalStr(raw, 'qrCode');
  let qrB64: string | null = null;
  try {
    qrB64 = qr === null || qr === '' ? null : qrBase64(qr);
  } catch {
    // A QR the list carries is a convenience; an unreadable one is dropped, not fatal for the list.
  }
  return {
    id,
    sessionId,
    name: optionalStr(raw, 'name') ?? sessionId,
    description: optionalStr(raw, 'description'),
    phoneNumber: optionalStr(raw, 'phoneNumber'),
    ...status(raw),
    qrBase64: qrB64,
    lastActivity: date(raw, 'lastActivity'),
    createdAt: date(raw, 'createdAt'),
    updatedAt: date(raw, 'updatedAt'),
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
  const parsed = status(raw);
  return {
    id: typeof raw.id === 'number' ? raw.id : dbId,
    sessionId: requiredStr(raw, 'sessionId', operation),
    ...parsed,
    phoneNumber: optionalStr(raw, 'phoneNumber'),
    isConnected: optionalBool(raw, 'isConnected') ?? parsed.status === 'connected',
    hasQR: optionalBool(raw, 'hasQR') ?? false,
    lastActivity: date(raw, 'lastActivity'),
  };
}

/** The connect / disconnect payload. */
export function toState(value: unknown, operation: string, sessionId: string): SessionState {
  const raw = obj(value, operation, 'data');
  return {
    sessionId: optionalStr(raw, 'sessionId') ?? sessionId,
    ...status(raw),
  };
}

/** The QR payload. */
export function toQr(value: unknown, operation: string, sessionId: string, now = Date.now()): QrCode {
  const raw = obj(value, operation, 'data');
  const parsed = status(raw);
  return normalizeQr({
    sessionId: optionalStr(raw, 'sessionId') ?? sessionId,
    qrCode: requiredStr(raw, 'qrCode', operation),
    expiresAt: date(raw, 'expiresAt') ?? new Date(now + DEFAULT_QR_LIFETIME_MS),
    status: parsed.status,
    rawStatus: parsed.rawStatus,
  });
}
