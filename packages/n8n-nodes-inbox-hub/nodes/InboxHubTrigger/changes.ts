/**
 * Status-change detection for the trigger, kept free of n8n so it is easy to test. The state lives in
 * the workflow's static data: the last status seen per session, and when each (session, status)
 * last fired. A change fires once; the next polls see the same status and stay quiet.
 */
import type { KnownSessionStatus, Session, SessionStatus } from '@inbox-hub/client';

/** What the trigger keeps in the workflow's static data between polls. */
export interface TriggerState {
  /** Last status seen per sessionId. Absent until the first poll sets the baseline. */
  statuses?: Record<string, SessionStatus>;
  /** When each `sessionId:status` last fired (ISO), for the quiet period. */
  lastFired?: Record<string, string>;
}

/** The trigger's filters. */
export interface ChangeFilters {
  /** Only these sessionIds; empty means every session. */
  sessionIds: string[];
  /** Only changes into these statuses; empty means any status. */
  statuses: KnownSessionStatus[];
  /** Do not fire the same session reaching the same status again within this many minutes (0: off). */
  quietMinutes: number;
}

/** One status change, as the trigger emits it. */
export interface StatusChange {
  [key: string]: string | number | boolean | null;
  event: 'session.status_changed';
  id: number;
  sessionId: string;
  name: string;
  oldStatus: SessionStatus | null;
  newStatus: SessionStatus;
  /** The status exactly as the API sent it (differs from newStatus when that is `unknown`). */
  rawStatus: string | null;
  phoneNumber: string | null;
  /** When the session changed, per the API (`updatedAt`, else `lastActivity`), else when it was seen. */
  changedAt: string;
  /** When this poll saw the change. */
  detectedAt: string;
}

/** The result of one poll. */
export interface PollResult {
  /** True on the first poll, which only records the baseline. */
  baseline: boolean;
  changes: StatusChange[];
}

function watched(filters: ChangeFilters, sessionId: string): boolean {
  return filters.sessionIds.length === 0 || filters.sessionIds.includes(sessionId);
}

/** Builds the item describing a session's move from `oldStatus` to its current status. */
export function toChange(session: Session, oldStatus: SessionStatus | null, now: Date): StatusChange {
  return {
    event: 'session.status_changed',
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    oldStatus,
    newStatus: session.status,
    rawStatus: session.rawStatus,
    phoneNumber: session.phoneNumber ?? null,
    changedAt: (session.updatedAt ?? session.lastActivity ?? now).toISOString(),
    detectedAt: now.toISOString(),
  };
}

/**
 * Compares the sessions with the state, updates the state in place and returns the changes to fire.
 * The first call only records the baseline. A session that appears later counts as a change from
 * `null`. Changes outside the filters update the state without firing, so they never fire later.
 */
export function detectChanges(
  state: TriggerState,
  sessions: Session[],
  filters: ChangeFilters,
  now: Date,
): PollResult {
  const previous = state.statuses;
  const current: Record<string, SessionStatus> = {};
  for (const session of sessions) current[session.sessionId] = session.status;
  state.statuses = current;
  if (previous === undefined) return { baseline: true, changes: [] };

  const lastFired = state.lastFired ?? {};
  const quietMs = Math.max(0, filters.quietMinutes) * 60_000;
  const changes: StatusChange[] = [];
  for (const session of sessions) {
    const oldStatus = previous[session.sessionId] ?? null;
    if (oldStatus === session.status) continue;
    if (!watched(filters, session.sessionId)) continue;
    if (filters.statuses.length > 0 && !(filters.statuses as SessionStatus[]).includes(session.status))
      continue;
    const key = `${session.sessionId}:${session.status}`;
    const last = lastFired[key];
    if (quietMs > 0 && last !== undefined && now.getTime() - Date.parse(last) < quietMs) continue;
    lastFired[key] = now.toISOString();
    changes.push(toChange(session, oldStatus, now));
  }
  // Forget what fired long ago (and sessions that are gone) so static data stays small.
  for (const [key, at] of Object.entries(lastFired)) {
    const sessionId = key.slice(0, key.lastIndexOf(':'));
    if (!(sessionId in current) || now.getTime() - Date.parse(at) > Math.max(quietMs, 86_400_000)) {
      delete lastFired[key];
    }
  }
  state.lastFired = lastFired;
  return { baseline: false, changes };
}

/**
 * The item manual mode returns so a user can map fields: the most recently updated watched session,
 * shown as a change from the status the trigger last saw (or null).
 */
export function sampleChange(
  state: TriggerState,
  sessions: Session[],
  filters: ChangeFilters,
  now: Date,
): StatusChange | undefined {
  const candidates = sessions.filter((s) => watched(filters, s.sessionId)).sort((a, b) => time(b) - time(a));
  const preferred =
    candidates.find(
      (s) => filters.statuses.length === 0 || (filters.statuses as SessionStatus[]).includes(s.status),
    ) ?? candidates[0];
  if (!preferred) return undefined;
  return toChange(preferred, state.statuses?.[preferred.sessionId] ?? null, now);
}

/** When a session last changed, for ordering: updated, else created, else never. */
function time(session: Session): number {
  return (session.updatedAt ?? session.createdAt)?.getTime() ?? 0;
}
