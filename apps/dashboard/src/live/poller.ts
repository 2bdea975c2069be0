import { type InboxHub, isInboxHubError, mapConcurrent, type Session } from '@inbox-hub/client';
import type { Logger } from '../logger.js';
import type { PollError, QrView, SessionView, Snapshot } from './snapshot.js';

/** Options of {@link SessionPoller}. */
export interface PollerOptions {
  hub: InboxHub;
  /** Time between two polls while anyone is watching. */
  intervalMs: number;
  /** The clock QR expiries are compared with (tests pass the sandbox's manual clock). */
  now: () => number;
  logger: Logger;
}

type Listener = (snapshot: Snapshot) => void;

interface CachedQr extends QrView {
  /** The list's `qrCode` when this QR was fetched: when the list shows another, the QR rotated. */
  listQr: string | null;
}

/** A pending session that had no QR: not asked again until the session changes. */
interface NoQr {
  listQr: string | null;
  updatedAt: number | null;
}

/** Longest wait between polls while the API keeps failing. */
const MAX_BACKOFF_MS = 30_000;

/**
 * The one poll of Inbox Hub that every open page shares. It runs only while someone listens (an operator's
 * tab or a customer's link page), lists the sessions once per interval, and fetches a QR only when a pending
 * session's QR is new or expired. Ten open tabs cost the API what one does.
 */
export class SessionPoller {
  readonly #options: PollerOptions;
  readonly #listeners = new Set<Listener>();
  readonly #qrs = new Map<string, CachedQr>();
  readonly #noQr = new Map<string, NoQr>();
  #snapshot: Snapshot = { version: 0, at: 0, sessions: undefined, error: null };
  #fingerprint = '';
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<Snapshot> | undefined;
  #again = false;
  #failures = 0;
  #polls = 0;
  /** `performance.now()` when the last poll finished: how fresh the snapshot is, whatever `now` says. */
  #polledAt = Number.NEGATIVE_INFINITY;

  constructor(options: PollerOptions) {
    this.#options = options;
  }

  /** The last snapshot. */
  get current(): Snapshot {
    return this.#snapshot;
  }

  /** How many polls ran: tests check that many listeners share one poll. */
  get pollCount(): number {
    return this.#polls;
  }

  /** How many listeners there are. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Calls `listener` on every change. The first listener starts the poll; the last one to leave stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) void this.refresh();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  /**
   * Polls now (after an action, or for a page's first render) and resolves with the result. Calls made while
   * a poll runs share one follow-up poll, so a burst of actions cannot multiply API calls.
   */
  refresh(): Promise<Snapshot> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight.then(() => this.#inFlight ?? this.#snapshot);
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight = this.#poll().finally(() => {
      this.#inFlight = undefined;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      } else {
        this.#schedule();
      }
    });
    return this.#inFlight;
  }

  /**
   * The current snapshot when it is younger than one interval, else a fresh poll. Public pages use it, so
   * reloading a link page over and over cannot turn into one API call per request.
   */
  recent(): Promise<Snapshot> {
    const fresh = performance.now() - this.#polledAt < this.#options.intervalMs;
    return fresh && this.#snapshot.sessions !== undefined ? Promise.resolve(this.#snapshot) : this.refresh();
  }

  /** Stops polling for good. */
  close(): void {
    this.#listeners.clear();
    this.#stop();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#listeners.size === 0 || this.#timer) return;
    const delay = Math.min(this.#options.intervalMs * 2 ** this.#failures, MAX_BACKOFF_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh();
    }, delay);
    this.#timer.unref();
  }

  async #poll(): Promise<Snapshot> {
    this.#polls += 1;
    let sessions = this.#snapshot.sessions;
    let error: PollError | null = null;
    try {
      const list = await this.#options.hub.sessions.list();
      const qrs = await mapConcurrent(list.sessions, 4, (session) => this.#qrFor(session));
      sessions = list.sessions.map((session, index) => toView(session, qrs[index] ?? null));
      const pending = new Set(list.sessions.filter((s) => s.status === 'pending').map((s) => s.sessionId));
      for (const key of this.#qrs.keys()) if (!pending.has(key)) this.#qrs.delete(key);
      for (const key of this.#noQr.keys()) if (!pending.has(key)) this.#noQr.delete(key);
      this.#failures = 0;
    } catch (cause) {
      error = classify(cause);
      this.#failures = Math.min(this.#failures + 1, 6);
      this.#options.logger.warn(`Polling Inbox Hub failed (${error}).`, cause);
    }
    this.#polledAt = performance.now();
    this.#publish(sessions, error);
    return this.#snapshot;
  }

  /**
   * The QR of a pending session: the cached one while it is current, else a fresh one from the API. A
   * session that had none is asked again only once it changes, so a waiting session costs one list entry.
   */
  async #qrFor(session: Session): Promise<QrView | null> {
    if (session.status !== 'pending') return null;
    const key = session.sessionId;
    const updatedAt = session.updatedAt?.getTime() ?? null;
    const cached = this.#qrs.get(key);
    const rotated = cached !== undefined && session.qrBase64 !== null && session.qrBase64 !== cached.listQr;
    if (cached && this.#options.now() < cached.expiresAt && !rotated) return view(cached);
    const none = this.#noQr.get(key);
    if (!cached && none && none.listQr === session.qrBase64 && none.updatedAt === updatedAt) return null;
    try {
      const qr = await this.#options.hub.sessions.getQr(session);
      const fresh = { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt.getTime(), listQr: session.qrBase64 };
      this.#qrs.set(key, fresh);
      this.#noQr.delete(key);
      return view(fresh);
    } catch (cause) {
      // No QR right now (not issued yet, or the attempt ran out): the card says so instead of failing the poll.
      if (isInboxHubError(cause) && (cause.kind === 'not_found' || cause.kind === 'qr_expired')) {
        this.#qrs.delete(key);
        this.#noQr.set(key, { listQr: session.qrBase64, updatedAt });
        return null;
      }
      throw cause;
    }
  }

  #publish(sessions: SessionView[] | undefined, error: PollError | null): void {
    const fingerprint = JSON.stringify([sessions, error]);
    const changed = fingerprint !== this.#fingerprint;
    this.#fingerprint = fingerprint;
    this.#snapshot = {
      version: this.#snapshot.version + (changed ? 1 : 0),
      at: this.#options.now(),
      sessions,
      error,
    };
    if (!changed) return;
    for (const listener of this.#listeners) {
      try {
        listener(this.#snapshot);
      } catch (cause) {
        this.#options.logger.warn('A live-update listener failed.', cause);
      }
    }
  }
}

function view(qr: CachedQr): QrView {
  return { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt };
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
