/**
 * The watcher's core, free of I/O: compares one session list with the cursor (what the last ticks saw)
 * and derives the events. The same cursor and list always give the same events with the same ids, which
 * is what lets a restarted watcher neither replay nor miss a change.
 */
import type { Session, SessionStatus } from '../types.js';
import { summarize, type WatchEvent } from './events.js';

/** How events are shaped. */
export interface WatchRules {
  /**
   * A session whose status changes `changes` times within `windowMs` is in a reconnect loop: the changes
   * before that are delivered, the rest are coalesced into one `session.reconnect_loop` event sent once the
   * session has been quiet for `windowMs` (and once per window while it keeps flapping). Default 3 in 60 s.
   */
  reconnectLoop: { changes: number; windowMs: number };
  /** Emit `session.stale` after this long without activity; `undefined` turns it off (the default). */
  staleAfterMs: number | undefined;
}

/** What the cursor remembers of one session. JSON only: the cursor is persisted as is. */
export interface SessionMark {
  id: number;
  status: SessionStatus;
  rawStatus: string | null;
  summary: ReturnType<typeof summarize>;
  /** A fingerprint of the QR on offer (never the QR, which is a credential), or null. */
  qr: string | null;
  /** QRs seen in the current connection attempt. */
  qrCount: number;
  /** The QR that came with the change to pending, announced at the next tick if still pending. */
  qrHeld?: boolean;
  /** Events emitted for this session so far: the last part of their ids. */
  seq: number;
  /** Recent status changes (epoch ms), within the loop window. */
  recent: Array<{ at: number; from: SessionStatus }>;
  /** The open reconnect loop, if any. */
  loop: {
    from: SessionStatus;
    changes: number;
    coalesced: number;
    lastAt: number;
    reportedAt: number;
  } | null;
  /** The last activity seen (epoch ms): the API's lastActivity, a status change or a new QR. */
  activeAt: number;
  /** A stale event was sent for the current quiet spell. */
  stale: boolean;
}

/**
 * Everything a watcher needs to resume: serialisable (`JSON.stringify`), small (no QR, no secret), and
 * versioned. Persist it after handling a tick's events; a watcher built from it continues exactly there.
 */
export interface WatchCursor {
  v: 1;
  /** The last tick (epoch ms), or null before the first, which only records a baseline. */
  at: number | null;
  /** Resyncs done, for the ids of snapshot events. */
  resyncs: number;
  /**
   * When the last resync went out (epoch ms): the first tick counts as one, so a restarted watcher
   * neither resyncs at once nor waits a whole period again. Null before the first tick.
   */
  resyncedAt: number | null;
  sessions: Record<string, SessionMark>;
}

/** An event without the fields every event gets from its session and tick. */
type EventBody = WatchEvent extends infer E
  ? E extends WatchEvent
    ? Omit<E, 'id' | 'sessionId' | 'observedAt' | 'session'>
    : never
  : never;

/** A cursor before the first tick. */
export function emptyCursor(): WatchCursor {
  return { v: 1, at: null, resyncs: 0, resyncedAt: null, sessions: {} };
}

/** FNV-1a, enough to tell one QR from the next without keeping it. */
function fingerprint(text: string | null): string | null {
  if (text === null) return null;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}.${(hash >>> 0).toString(36)}`;
}

function mark(session: Session, now: number): SessionMark {
  const qr = fingerprint(session.qrBase64);
  return {
    id: session.id,
    status: session.status,
    rawStatus: session.rawStatus,
    summary: summarize(session),
    qr,
    qrCount: qr ? 1 : 0,
    seq: 0,
    recent: [],
    loop: null,
    activeAt: Math.max(session.lastActivity?.getTime() ?? 0, now),
    stale: false,
  };
}

/** Derives the events between the cursor and `sessions`; returns them with the next cursor. */
export function diffSessions(
  cursor: WatchCursor,
  sessions: readonly Session[],
  now: number,
  rules: WatchRules,
  options: { emitExisting?: boolean } = {},
): { events: WatchEvent[]; cursor: WatchCursor } {
  const baseline = cursor.at === null;
  const next: WatchCursor = {
    v: 1,
    at: now,
    resyncs: cursor.resyncs,
    resyncedAt: cursor.resyncedAt ?? now,
    sessions: {},
  };
  const events: WatchEvent[] = [];
  const observedAt = new Date(now).toISOString();
  const emit = (m: SessionMark, event: EventBody) => {
    m.seq++;
    events.push({
      ...event,
      id: `${m.summary.sessionId}:${m.id}:${m.seq}`,
      sessionId: m.summary.sessionId,
      observedAt,
      session: m.summary,
    } as WatchEvent);
  };

  for (const session of sessions) {
    const previous = cursor.sessions[session.sessionId];
    // A session deleted and created again under the same sessionId has a new database id: a new session.
    if (previous === undefined || previous.id !== session.id) {
      if (previous !== undefined) emit(copy(previous), { type: 'session.removed' });
      const m = mark(session, now);
      next.sessions[session.sessionId] = m;
      if (!baseline || options.emitExisting) emit(m, { type: 'session.created' });
      continue;
    }
    const m = copy(previous);
    m.summary = summarize(session);
    const held = m.qrHeld === true;
    m.qrHeld = false;
    next.sessions[session.sessionId] = m;
    const apiActivity = session.lastActivity?.getTime() ?? 0;
    if (apiActivity > m.activeAt) m.activeAt = apiActivity;

    const changed = session.status !== m.status || session.rawStatus !== m.rawStatus;
    const qr = fingerprint(session.qrBase64);
    if (changed) {
      const from = m.status;
      const to = session.status;
      m.activeAt = now;
      m.status = to;
      m.rawStatus = session.rawStatus;
      if (to === 'pending' && from !== 'pending') m.qrCount = 0;
      m.recent = m.recent.filter((c) => now - c.at < rules.reconnectLoop.windowMs);
      m.recent.push({ at: now, from });
      if (m.loop) {
        m.loop.changes++;
        m.loop.coalesced++;
        m.loop.lastAt = now;
      } else if (m.recent.length >= rules.reconnectLoop.changes) {
        // From here the changes are held back and summed up in one loop event.
        const loopFrom = m.recent[0]?.from ?? from;
        m.loop = { from: loopFrom, changes: m.recent.length, coalesced: 1, lastAt: now, reportedAt: now };
      } else {
        emit(m, { type: 'session.status_changed', from, to });
        if (from === 'pending' && (to === 'error' || to === 'disconnected') && m.qrCount > 0) {
          emit(m, { type: 'session.qr_expired', qrCount: m.qrCount });
        }
      }
    }
    if (qr !== null && qr !== m.qr) {
      m.qrCount++;
      m.activeAt = now;
      if (!m.loop) {
        // A QR that comes with the change to pending is announced one tick later, if the session is still
        // pending then: a session that keeps dropping and coming back costs no extra delivery per drop.
        if (changed && session.status === 'pending') m.qrHeld = true;
        else emit(m, { type: 'session.qr_rotated', count: m.qrCount });
      }
    } else if (held && !changed && !m.loop && session.status === 'pending') {
      emit(m, { type: 'session.qr_rotated', count: m.qrCount });
    }
    m.qr = qr;
    const loop = m.loop;
    if (loop) {
      const settled = !changed && now - loop.lastAt >= rules.reconnectLoop.windowMs;
      // While it keeps flapping, one `ongoing` per window; once quiet for a window, the final `ended`.
      if (settled || (changed && now - loop.reportedAt >= rules.reconnectLoop.windowMs)) {
        emit(m, {
          type: 'session.reconnect_loop',
          phase: settled ? 'ended' : 'ongoing',
          changes: loop.changes,
          coalesced: loop.coalesced,
          from: loop.from,
          to: m.status,
        });
        loop.reportedAt = now;
        loop.coalesced = 0;
        if (settled) {
          m.loop = null;
          m.recent = [];
        }
      }
    }
    if (m.activeAt === now || apiActivity > previous.activeAt) m.stale = false;
    if (rules.staleAfterMs !== undefined && !m.stale && now - m.activeAt >= rules.staleAfterMs) {
      m.stale = true;
      emit(m, { type: 'session.stale', inactiveMs: now - m.activeAt });
    }
  }
  for (const [sessionId, previous] of Object.entries(cursor.sessions)) {
    if (next.sessions[sessionId] !== undefined) continue;
    emit(copy(previous), { type: 'session.removed' });
  }
  return { events, cursor: next };
}

/** One `session.snapshot` per session, for a resync; advances the cursor's resync count. */
export function snapshotSessions(
  cursor: WatchCursor,
  sessions: readonly Session[],
  now: number,
): { events: WatchEvent[]; cursor: WatchCursor } {
  const round = cursor.resyncs + 1;
  const observedAt = new Date(now).toISOString();
  const events: WatchEvent[] = sessions.map((session) => ({
    type: 'session.snapshot',
    id: `${session.sessionId}:${session.id}:s${round}`,
    sessionId: session.sessionId,
    observedAt,
    session: summarize(session),
  }));
  return { events, cursor: { ...cursor, resyncs: round, resyncedAt: now } };
}

function copy(m: SessionMark): SessionMark {
  return { ...m, recent: [...m.recent], loop: m.loop ? { ...m.loop } : null };
}
