import type { Session, SessionStatus } from '../types.js';

/**
 * What an event says about its session: enough to upsert a CRM row, never the QR (a QR is a login
 * credential; fetch it with `sessions.getQr` when you need to show it).
 */
export interface SessionSummary {
  id: number;
  sessionId: string;
  name: string;
  status: SessionStatus;
  rawStatus: string | null;
  phoneNumber: string | null;
  lastActivity: string | null;
}

/** Fields every event has. */
interface Base {
  /**
   * Stable across restarts: the same change, derived again from the same cursor, has the same id, so a
   * receiver can de-duplicate (and a webhook relay can reuse it as the delivery id).
   */
  id: string;
  sessionId: string;
  /** When the watcher saw it (ISO 8601). */
  observedAt: string;
  /** The session as the watcher saw it then (for `session.removed`, as it was last seen). */
  session: SessionSummary;
}

/** A session appeared in the account. */
export interface SessionCreatedEvent extends Base {
  type: 'session.created';
}

/** A session is no longer in the account's list. */
export interface SessionRemovedEvent extends Base {
  type: 'session.removed';
}

/** The status changed between two ticks. */
export interface StatusChangedEvent extends Base {
  type: 'session.status_changed';
  from: SessionStatus;
  to: SessionStatus;
}

/**
 * A new QR is waiting to be scanned; `count` is how many this connection attempt has issued so far. A QR
 * that arrives with the change to pending is announced one tick after that change, and only if the session
 * is still pending: a flapping session costs no extra event per drop.
 */
export interface QrRotatedEvent extends Base {
  type: 'session.qr_rotated';
  count: number;
}

/** A connection attempt ended without a scan: its QRs expired. The number needs a new scan. */
export interface QrExpiredEvent extends Base {
  type: 'session.qr_expired';
  /** QRs the attempt issued, all unscanned. */
  qrCount: number;
}

/**
 * The session is flapping: it changed status `changes` times in quick succession. The first changes were
 * delivered as `session.status_changed`; the rest are coalesced here instead of one event each. `ended`
 * comes once the session has been quiet for the loop window, with the status it settled in; `ongoing`
 * comes once per window while it keeps flapping.
 */
export interface ReconnectLoopEvent extends Base {
  type: 'session.reconnect_loop';
  phase: 'ongoing' | 'ended';
  /** Status changes in the burst so far, the delivered ones included. */
  changes: number;
  /** Changes summed up by this event instead of being delivered one by one. */
  coalesced: number;
  /** The status before the burst. */
  from: SessionStatus;
  /** The status now (at `ended`, the one it settled in). */
  to: SessionStatus;
}

/** No activity for the configured time. Sent once per quiet spell. */
export interface StaleEvent extends Base {
  type: 'session.stale';
  /** How long the session has been quiet, in ms. */
  inactiveMs: number;
}

/**
 * The session's current state, sent for every session by a resync: idempotent for an upsert, so a
 * receiver that missed (or failed on) an event catches up.
 */
export interface SnapshotEvent extends Base {
  type: 'session.snapshot';
}

/** Everything a watcher emits, discriminated by `type`. */
export type WatchEvent =
  | SessionCreatedEvent
  | SessionRemovedEvent
  | StatusChangedEvent
  | QrRotatedEvent
  | QrExpiredEvent
  | ReconnectLoopEvent
  | StaleEvent
  | SnapshotEvent;

/** The `type` of a {@link WatchEvent}. */
export type WatchEventType = WatchEvent['type'];

/** Every event type, for filters and documentation. */
export const WATCH_EVENT_TYPES: readonly WatchEventType[] = [
  'session.created',
  'session.removed',
  'session.status_changed',
  'session.qr_rotated',
  'session.qr_expired',
  'session.reconnect_loop',
  'session.stale',
  'session.snapshot',
];

/** The summary an event carries. */
export function summarize(session: Session): SessionSummary {
  return {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    status: session.status,
    rawStatus: session.rawStatus,
    phoneNumber: session.phoneNumber,
    lastActivity: session.lastActivity ? session.lastActivity.toISOString() : null,
  };
}
