/**
 * What the trigger does with the client watcher's events, kept free of n8n so it is easy to test: which
 * events fire (the filters and the quiet period), and the item each one becomes. The change detection
 * itself is the client's (`hub.watch()`); its cursor lives in the workflow's static data.
 */
import {
  type KnownSessionStatus,
  type Session,
  type SessionStatus,
  summarizeSession,
  type WatchCursor,
  type WatchEvent,
  type WatchEventType,
} from '@inbox-hub/client';

/** What the trigger keeps in the workflow's static data between polls. */
export interface TriggerState {
  /** The watcher's cursor: what the last poll saw. Absent until the first poll sets the baseline. */
  cursor?: WatchCursor;
  /** When each `sessionId:status` last fired (ISO), for the quiet period. */
  lastFired?: Record<string, string>;
}

/** The trigger's filters. */
export interface ChangeFilters {
  /** Only these sessionIds; empty means every session. */
  sessionIds: string[];
  /** Only status changes into these statuses; empty means any status. */
  statuses: KnownSessionStatus[];
  /** The event types to fire on. */
  events: WatchEventType[];
  /** Do not fire the same session reaching the same status again within this many minutes (0: off). */
  quietMinutes: number;
}

/** One event as the trigger emits it: flat JSON, the API's field names, ISO dates. */
export interface TriggerItem {
  [key: string]: string | number | boolean | null;
  /** The event type, such as `session.status_changed`. */
  event: WatchEventType;
  /** The event's stable id: the same change polled again has the same id (de-duplicate on it). */
  eventId: string;
  /** The session's numeric database id. */
  id: number;
  sessionId: string;
  name: string;
  /** The session's status now. */
  status: SessionStatus;
  /** The status exactly as the API sent it (differs from `status` when that is `unknown`). */
  rawStatus: string | null;
  /** For status changes and loops, the status before; null otherwise. */
  oldStatus: SessionStatus | null;
  /** For status changes and loops, the status after; otherwise the status now. */
  newStatus: SessionStatus;
  phoneNumber: string | null;
  /** When the session last changed, per the API (its last activity), else when the change was seen. */
  changedAt: string;
  /** When this poll saw it. */
  detectedAt: string;
}

function watched(filters: ChangeFilters, sessionId: string): boolean {
  return filters.sessionIds.length === 0 || filters.sessionIds.includes(sessionId);
}

/** The item an event becomes. */
export function toItem(event: WatchEvent): TriggerItem {
  const { session } = event;
  const item: TriggerItem = {
    event: event.type,
    eventId: event.id,
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    status: session.status,
    rawStatus: session.rawStatus,
    oldStatus: null,
    newStatus: session.status,
    phoneNumber: session.phoneNumber,
    changedAt: session.lastActivity ?? event.observedAt,
    detectedAt: event.observedAt,
  };
  switch (event.type) {
    case 'session.status_changed':
      return { ...item, oldStatus: event.from, newStatus: event.to, changedAt: event.observedAt };
    case 'session.reconnect_loop':
      return {
        ...item,
        oldStatus: event.from,
        newStatus: event.to,
        phase: event.phase,
        changes: event.changes,
        coalesced: event.coalesced,
      };
    case 'session.qr_rotated':
      return { ...item, qrCount: event.count };
    case 'session.qr_expired':
      return { ...item, qrCount: event.qrCount };
    case 'session.stale':
      return { ...item, inactiveMinutes: Math.floor(event.inactiveMs / 60_000) };
    case 'session.created':
    case 'session.removed':
    case 'session.snapshot':
      return item;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/**
 * The events that fire, as items: those of the chosen types and sessions, status changes only into the
 * chosen statuses, and none that repeats a (session, status) within the quiet period. Updates the quiet
 * period's record in `state`. Snapshots (a resync) always go out for the watched sessions.
 */
export function selectItems(
  state: TriggerState,
  events: WatchEvent[],
  filters: ChangeFilters,
  now: Date,
): TriggerItem[] {
  const lastFired = state.lastFired ?? {};
  const quietMs = Math.max(0, filters.quietMinutes) * 60_000;
  const items: TriggerItem[] = [];
  for (const event of events) {
    if (!watched(filters, event.sessionId)) continue;
    if (event.type !== 'session.snapshot' && !filters.events.includes(event.type)) continue;
    if (event.type === 'session.status_changed') {
      if (filters.statuses.length > 0 && !(filters.statuses as SessionStatus[]).includes(event.to)) continue;
      const key = `${event.sessionId}:${event.to}`;
      const last = lastFired[key];
      if (quietMs > 0 && last !== undefined && now.getTime() - Date.parse(last) < quietMs) continue;
      lastFired[key] = now.toISOString();
    }
    items.push(toItem(event));
  }
  // Forget what fired long ago so static data stays small.
  for (const [key, at] of Object.entries(lastFired)) {
    if (now.getTime() - Date.parse(at) > Math.max(quietMs, 86_400_000)) delete lastFired[key];
  }
  state.lastFired = lastFired;
  return items;
}

/**
 * The item manual mode returns so a user can map fields: the most recently active watched session, shown
 * as a status change from the status the trigger last saw (or null).
 */
export function sampleItem(
  state: TriggerState,
  sessions: Session[],
  filters: ChangeFilters,
  now: Date,
): TriggerItem | undefined {
  const time = (s: Session) => (s.updatedAt ?? s.lastActivity ?? s.createdAt)?.getTime() ?? 0;
  const candidates = sessions.filter((s) => watched(filters, s.sessionId)).sort((a, b) => time(b) - time(a));
  const preferred =
    candidates.find(
      (s) => filters.statuses.length === 0 || (filters.statuses as SessionStatus[]).includes(s.status),
    ) ?? candidates[0];
  if (!preferred) return undefined;
  const seen = state.cursor?.sessions[preferred.sessionId]?.status ?? null;
  const observedAt = now.toISOString();
  return {
    ...toItem({
      type: 'session.status_changed',
      id: `${preferred.sessionId}:${preferred.id}:sample`,
      sessionId: preferred.sessionId,
      observedAt,
      from: seen ?? preferred.status,
      to: preferred.status,
      session: summarizeSession(preferred),
    }),
    oldStatus: seen,
  };
}
