import { randomBytes } from 'node:crypto';
import {
  type InboxHub,
  isInboxHubError,
  mapConcurrent,
  type Session,
  type SessionWatcher,
} from '@inbox-hub/client';
import type { Logger } from '../logger.js';
import type { DashboardStore } from '../store/store.js';
import type { PollError, QrView, SessionView, Snapshot } from './snapshot.js';

/** Options of {@link SessionPoller}. */
export interface PollerOptions {
  hub: InboxHub;
  /** Where replicas share the poll: who runs it, and what it last saw. */
  store: DashboardStore;
  /** Time between two polls while anyone is watching. */
  intervalMs: number;
  /** The clock QR expiries are compared with (tests pass the sandbox's manual clock). */
  now: () => number;
  logger: Logger;
  /** This replica's name in the poll lease. Random by default. */
  replicaId?: string | undefined;
}

type Listener = (snapshot: Snapshot) => void;

/** What a replica does on a tick: poll Inbox Hub itself, or (another replica polls) read what it saw. */
type Run = 'tick' | 'poll';

/** Longest wait between polls while the API keeps failing. */
const MAX_BACKOFF_MS = 30_000;

/**
 * The one poll of Inbox Hub that every open page shares, on every replica. It runs only while someone
 * listens (an operator's tab, a customer's link page, the link guard). Of the replicas with listeners, the
 * one holding the store's lease polls: one list request per interval through the client's watcher, a QR
 * fetched only when the watcher says a pending session's QR is new (or the cached one expired), and the
 * result published to the store. The others read the published snapshot. Ten open tabs on three replicas
 * cost the API what one tab does. An action (create, connect, disconnect) polls at once on the replica that
 * took it, so its page shows the result without waiting for the lease holder.
 */
export class SessionPoller {
  readonly #options: PollerOptions;
  readonly #store: DashboardStore;
  readonly #replica: string;
  readonly #watcher: SessionWatcher;
  readonly #listeners = new Set<Listener>();
  readonly #qrs = new Map<string, QrView>();
  /** Pending sessions that had no QR: not asked again until the watcher reports a change. */
  readonly #noQr = new Set<string>();
  #snapshot: Snapshot = { version: 0, at: 0, sessions: undefined, error: null };
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<Snapshot> | undefined;
  #again: Run | undefined;
  #failures = 0;
  #polls = 0;
  #leading = false;
  /** Wall-clock ms of the poll behind the current snapshot: how fresh it is, whatever `now` says. */
  #polledAt = Number.NEGATIVE_INFINITY;

  constructor(options: PollerOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#replica = options.replicaId ?? randomBytes(6).toString('hex');
    // Every change matters to a page, so nothing is coalesced: a flapping session's QR is still refetched.
    this.#watcher = options.hub.watch({
      intervalMs: options.intervalMs,
      reconnectLoop: { changes: Number.MAX_SAFE_INTEGER },
    });
  }

  /** The last snapshot. */
  get current(): Snapshot {
    return this.#snapshot;
  }

  /** How many times this replica polled Inbox Hub: tests check that listeners and replicas share polls. */
  get pollCount(): number {
    return this.#polls;
  }

  /** How many listeners there are. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Whether this replica held the poll lease at its last tick. */
  get leading(): boolean {
    return this.#leading;
  }

  /** Calls `listener` on every change. The first listener starts the poll; the last one to leave stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) void this.#run('tick');
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) void this.#stop();
    };
  }

  /**
   * Polls Inbox Hub now (after an action, or for a page's first render) and resolves with the result. Calls
   * made while a poll runs share one follow-up poll, so a burst of actions cannot multiply API calls.
   */
  refresh(): Promise<Snapshot> {
    return this.#run('poll');
  }

  /**
   * The current snapshot when it is younger than one interval, else a tick (which reads a replica's fresher
   * poll, or polls). Public pages use it, so reloading a link page over and over cannot turn into one API
   * call per request.
   */
  recent(): Promise<Snapshot> {
    const fresh = Date.now() - this.#polledAt < this.#options.intervalMs;
    return fresh && this.#snapshot.sessions !== undefined
      ? Promise.resolve(this.#snapshot)
      : this.#run('tick');
  }

  /** Stops polling for good, and hands the lease over at once. */
  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#inFlight?.catch(() => {});
    await this.#stop();
  }

  #run(kind: Run): Promise<Snapshot> {
    if (this.#inFlight) {
      if (this.#again !== 'poll') this.#again = kind;
      return this.#inFlight.then(() => this.#inFlight ?? this.#snapshot);
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight = this.#tick(kind).finally(() => {
      this.#inFlight = undefined;
      const again = this.#again;
      this.#again = undefined;
      if (again) void this.#run(again);
      else if (this.#listeners.size > 0) this.#schedule();
      // Nobody watches here any more (or a one-off tick took the lease): let another replica poll.
      else void this.#stop();
    });
    return this.#inFlight;
  }

  /** Stops the timer and hands the lease over (resolves once the store has it). */
  async #stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#leading) return;
    this.#leading = false;
    try {
      await this.#store.resign(this.#replica);
    } catch (cause) {
      this.#options.logger.warn('Handing the poll over failed; it passes on when the lease runs out.', cause);
    }
  }

  #schedule(): void {
    if (this.#listeners.size === 0 || this.#timer) return;
    const delay = Math.min(this.#options.intervalMs * 2 ** this.#failures, MAX_BACKOFF_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run('tick');
    }, delay);
    this.#timer.unref();
  }

  async #tick(kind: Run): Promise<Snapshot> {
    try {
      if (kind === 'tick') {
        const ttl = Math.max(3 * this.#options.intervalMs, 1_000);
        this.#leading = await this.#store.lead(this.#replica, Date.now(), ttl);
        if (!this.#leading) {
          await this.#adopt();
          return this.#snapshot;
        }
      }
      await this.#poll();
    } catch (cause) {
      // The store failed (the API's failures are part of the snapshot): keep the last snapshot, back off.
      this.#failures = Math.min(this.#failures + 1, 6);
      this.#options.logger.warn('The dashboard store failed; the live view is paused.', cause);
    }
    return this.#snapshot;
  }

  /** Takes the snapshot another replica published, if it is newer. */
  async #adopt(): Promise<void> {
    const stored = await this.#store.readSnapshot();
    this.#failures = 0;
    if (!stored) return;
    this.#polledAt = stored.polledAt;
    if (stored.version <= this.#snapshot.version) return;
    const body = JSON.parse(stored.body) as Omit<Snapshot, 'version'>;
    this.#set({ ...body, version: stored.version });
  }

  /** One poll of Inbox Hub, published to the store and to this replica's listeners. */
  async #poll(): Promise<void> {
    this.#polls += 1;
    let sessions = this.#snapshot.sessions;
    let error: PollError | null = null;
    try {
      const events = await this.#watcher.poll();
      const list = this.#watcher.sessions ?? [];
      // Any change to a session (a new QR, a status change, gone) makes its cached QR, or its lack of one, old.
      for (const event of events) {
        this.#qrs.delete(event.sessionId);
        this.#noQr.delete(event.sessionId);
      }
      const pending = new Set(list.filter((s) => s.status === 'pending').map((s) => s.sessionId));
      for (const key of this.#qrs.keys()) if (!pending.has(key)) this.#qrs.delete(key);
      for (const key of this.#noQr) if (!pending.has(key)) this.#noQr.delete(key);
      const qrs = await mapConcurrent(list, 4, (session) => this.#qrFor(session));
      sessions = list.map((session, index) => toView(session, qrs[index] ?? null));
      this.#failures = 0;
    } catch (cause) {
      error = classify(cause);
      this.#failures = Math.min(this.#failures + 1, 6);
      this.#options.logger.warn(`Polling Inbox Hub failed (${error}).`, cause);
    }
    const body = { at: this.#options.now(), sessions, error };
    const polledAt = Date.now();
    const version = await this.#store.publishSnapshot({
      version: 0,
      body: JSON.stringify(body),
      fingerprint: JSON.stringify([sessions, error]),
      polledAt,
    });
    this.#polledAt = polledAt;
    if (version > this.#snapshot.version) this.#set({ ...body, version });
    else this.#snapshot = { ...this.#snapshot, at: body.at };
  }

  /**
   * The QR of a pending session: the cached one while it is current, else a fresh one from the API. A
   * session that had none is asked again only once the watcher reports a change, so a waiting session
   * costs one list entry.
   */
  async #qrFor(session: Session): Promise<QrView | null> {
    if (session.status !== 'pending') return null;
    const key = session.sessionId;
    const cached = this.#qrs.get(key);
    if (cached && this.#options.now() < cached.expiresAt) return cached;
    if (!cached && this.#noQr.has(key)) return null;
    try {
      const qr = await this.#options.hub.sessions.getQr(session);
      const fresh = { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt.getTime() };
      this.#qrs.set(key, fresh);
      return fresh;
    } catch (cause) {
      // No QR right now (not issued yet, or the attempt ran out): the card says so instead of failing the poll.
      if (isInboxHubError(cause) && (cause.kind === 'not_found' || cause.kind === 'qr_expired')) {
        this.#qrs.delete(key);
        this.#noQr.add(key);
        return null;
      }
      throw cause;
    }
  }

  #set(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (cause) {
        this.#options.logger.warn('A live-update listener failed.', cause);
      }
    }
  }
}

function toView(session: Session, qr: QrView | null): SessionView {
  return {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    description: session.description,
    phoneNumber: session.phoneNumber,
    status: session.status,
    rawStatus: session.rawStatus,
    lastActivity: session.lastActivity?.getTime() ?? null,
    qr,
  };
}

function classify(cause: unknown): PollError {
  if (!isInboxHubError(cause)) return 'server';
  switch (cause.kind) {
    case 'authentication':
    case 'configuration':
      return 'auth';
    case 'rate_limited':
      return 'rate-limited';
    case 'connection':
    case 'timeout':
    case 'wait_timeout':
    case 'redirect':
      return 'unreachable';
    case 'api':
    case 'not_found':
    case 'conflict':
    case 'session_exists':
    case 'qr_expired':
    case 'invalid_input':
    case 'validation':
    case 'server':
    case 'invalid_response':
    case 'response_too_large':
    case 'aborted':
      return 'server';
    default: {
      const unhandled: never = cause;
      return unhandled;
    }
  }
}
