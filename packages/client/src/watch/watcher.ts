import { AbortError, ValidationError } from '../errors.js';
import { delay } from '../internal/platform.js';
import type { RequestOptions } from '../internal/transport.js';
import type { Sessions } from '../sessions.js';
import type { Session } from '../types.js';
import { diffSessions, emptyCursor, snapshotSessions, type WatchCursor, type WatchRules } from './diff.js';
import type { WatchEvent } from './events.js';

/** Options of `hub.watch()`. */
export interface WatchOptions {
  /** Time between two ticks when iterating, in ms. Default 5 000. Each tick is one list request. */
  intervalMs?: number | undefined;
  /** Where to resume: a cursor saved from an earlier watcher (the object, or its JSON). */
  cursor?: WatchCursor | string | undefined;
  /**
   * A flapping session: once it changes status `changes` times within `windowMs`, further changes are
   * coalesced into one `session.reconnect_loop` event. Default 3 in 60 000 ms.
   */
  reconnectLoop?: { changes?: number | undefined; windowMs?: number | undefined } | undefined;
  /** Send `session.stale` after this long without activity. Off by default. */
  staleAfterMs?: number | undefined;
  /**
   * Send a `session.snapshot` of every session this often (ms), so a consumer that lost an event catches
   * up by upserting: a tick (`poll()` or the iteration) that finds one due is a {@link SessionWatcher.resync}.
   * The time of the last one is in the cursor, so it survives a restart. Off by default.
   */
  resyncEveryMs?: number | undefined;
  /** With a fresh cursor, announce the sessions that already exist as `session.created`. Default false. */
  emitExisting?: boolean | undefined;
  /** Stops the iteration (which then ends) and any request under way. */
  signal?: AbortSignal | undefined;
  /**
   * Called when a tick fails (the API is down, say) while iterating; the watcher then tries again at the
   * next tick with the same cursor, so nothing is lost. Without it, the iteration throws the error.
   */
  onError?: ((error: unknown) => void) | undefined;
  /** Per-request options for the list request (timeoutMs, maxRetries). */
  request?: Omit<RequestOptions, 'signal'> | undefined;
  /** Clock for tests. */
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> } | undefined;
}

function positive(value: number | undefined, fallback: number, field: string, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min) {
    throw new ValidationError(field, `pass a number of at least ${min}, got ${String(value)}.`);
  }
  return v;
}

function readCursor(cursor: WatchCursor | string | undefined): WatchCursor {
  if (cursor === undefined) return emptyCursor();
  let value: unknown = cursor;
  if (typeof cursor === 'string') {
    try {
      value = JSON.parse(cursor);
    } catch {
      throw new ValidationError('cursor', 'it is not JSON: pass the object or the JSON a watcher gave you.');
    }
  }
  const c = value as Partial<WatchCursor> | null;
  if (
    c === null ||
    typeof c !== 'object' ||
    c.v !== 1 ||
    typeof c.sessions !== 'object' ||
    c.sessions === null
  ) {
    throw new ValidationError(
      'cursor',
      'it is not a watch cursor (version 1): pass what watcher.cursor gave you.',
    );
  }
  return {
    v: 1,
    at: c.at ?? null,
    resyncs: c.resyncs ?? 0,
    resyncedAt: c.resyncedAt ?? null,
    sessions: c.sessions,
  };
}

/**
 * Watches every session of the account with **one list request per tick**, whatever their number, and
 * derives typed events with stable ids (see {@link WatchEvent}). Use it as an async iterator, which ticks
 * every `intervalMs`; or call {@link SessionWatcher.poll} yourself (a scheduler, an n8n trigger) and
 * persist {@link SessionWatcher.cursor} after handling the events, so a restart neither replays nor misses.
 *
 * @example
 * const watcher = hub.watch({ cursor: await load(), onError: console.warn });
 * for await (const event of watcher) {
 *   if (event.type === 'session.qr_expired') await notifyRescan(event.sessionId);
 *   await save(watcher.cursor);
 * }
 */
export class SessionWatcher implements AsyncIterable<WatchEvent> {
  readonly #api: Sessions;
  readonly #options: WatchOptions;
  readonly #rules: WatchRules;
  readonly #intervalMs: number;
  readonly #resyncEveryMs: number | undefined;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #cursor: WatchCursor;
  #sessions: readonly Session[] | undefined;
  #stopped = new AbortController();
  #combined: AbortSignal | undefined;

  constructor(sessions: Sessions, options: WatchOptions = {}) {
    this.#api = sessions;
    this.#options = options;
    this.#intervalMs = positive(options.intervalMs, 5_000, 'intervalMs', 10);
    this.#rules = {
      reconnectLoop: {
        changes: positive(options.reconnectLoop?.changes, 3, 'reconnectLoop.changes', 2),
        windowMs: positive(options.reconnectLoop?.windowMs, 60_000, 'reconnectLoop.windowMs'),
      },
      staleAfterMs:
        options.staleAfterMs === undefined ? undefined : positive(options.staleAfterMs, 0, 'staleAfterMs'),
    };
    this.#resyncEveryMs =
      options.resyncEveryMs === undefined ? undefined : positive(options.resyncEveryMs, 0, 'resyncEveryMs');
    this.#now = options.clock?.now ?? Date.now;
    this.#sleep = options.clock?.sleep ?? delay;
    this.#cursor = readCursor(options.cursor);
  }

  /** Where the watcher is: a JSON-safe copy, to persist once the events before it are handled. */
  get cursor(): WatchCursor {
    return JSON.parse(JSON.stringify(this.#cursor)) as WatchCursor;
  }

  /**
   * The sessions the last tick listed (`undefined` before the first): a consumer that shows them, such as a
   * dashboard, needs no second list request.
   */
  get sessions(): readonly Session[] | undefined {
    return this.#sessions;
  }

  /**
   * One tick now: one list request, the events since the last tick (none on a fresh cursor's first tick),
   * and a snapshot of every session when `resyncEveryMs` has passed since the last one.
   */
  async poll(): Promise<WatchEvent[]> {
    const every = this.#resyncEveryMs;
    const last = this.#cursor.resyncedAt;
    if (every !== undefined && last !== null && this.#now() - last >= every) return this.resync();
    const sessions = await this.#list();
    const { events, cursor } = diffSessions(this.#cursor, sessions, this.#now(), this.#rules, {
      emitExisting: this.#options.emitExisting,
    });
    this.#cursor = cursor;
    return events;
  }

  /** A `session.snapshot` of every session now (one list request), for a consumer that must catch up. */
  async resync(): Promise<WatchEvent[]> {
    const sessions = await this.#list();
    const now = this.#now();
    // Diff first, so the snapshot does not hide a change from the next tick's events.
    const diffed = diffSessions(this.#cursor, sessions, now, this.#rules, {
      emitExisting: this.#options.emitExisting,
    });
    const snap = snapshotSessions(diffed.cursor, sessions, now);
    this.#cursor = snap.cursor;
    return [...diffed.events, ...snap.events];
  }

  /** Ends the iteration (after the tick under way) and aborts a request in flight. */
  stop(): void {
    this.#stopped.abort(new AbortError('The watcher was stopped.'));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    const signal = this.#signal();
    while (!signal.aborted) {
      let events: WatchEvent[] = [];
      try {
        events = await this.poll();
      } catch (error) {
        if (signal.aborted) return;
        if (!this.#options.onError) throw error;
        this.#options.onError(error);
      }
      for (const event of events) yield event;
      try {
        await this.#sleep(this.#intervalMs, signal);
      } catch {
        return;
      }
    }
  }

  async #list(): Promise<Session[]> {
    const { sessions } = await this.#api.list({ ...this.#options.request, signal: this.#signal() });
    this.#sessions = sessions;
    return sessions;
  }

  /** The user's signal and stop(), combined once: both live as long as the watcher. */
  #signal(): AbortSignal {
    if (this.#combined === undefined) {
      const user = this.#options.signal;
      this.#combined = user ? AbortSignal.any([user, this.#stopped.signal]) : this.#stopped.signal;
    }
    return this.#combined;
  }
}
