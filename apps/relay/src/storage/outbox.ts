/**
 * The one storage interface the relay sees. Two backends implement it with the same semantics: SQLite
 * (`node:sqlite`, one file, one relay) and PostgreSQL (several relays, one poller elected by an advisory
 * lock, deliveries claimed with `FOR UPDATE SKIP LOCKED`). The relay's tests run the same suite on both.
 */

/** Where a delivery is. */
export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'dead';

/** Every status, for filters and counts. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivering', 'delivered', 'dead'];

/** An event to store, with the endpoints subscribed to its type. */
export interface NewEvent {
  /** The watcher's stable id, reused as the `webhook-id`. */
  id: string;
  type: string;
  sessionId: string;
  observedAt: string;
  /** The event as JSON: the webhook body and the SSE data, byte for byte. */
  body: string;
  /** Names of the endpoints that get a delivery of it (may be empty: SSE still shows it). */
  endpoints: readonly string[];
}

/** A stored event. `seq` orders events and is the SSE `id`. */
export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  sessionId: string;
  observedAt: string;
  body: string;
}

/** One event on its way to one endpoint. */
export interface Delivery {
  id: number;
  eventSeq: number;
  eventId: string;
  eventType: string;
  sessionId: string;
  endpoint: string;
  status: DeliveryStatus;
  /** Attempts started (a claim counts as one). */
  attempts: number;
  /** When it is due next (epoch ms). */
  nextAttemptAt: number;
  /** The instance holding it while `delivering`. */
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** The last HTTP status, or null (no answer). */
  lastStatus: number | null;
  /** Why the last attempt failed, short. */
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
  /** The instance that delivered it. */
  deliveredBy: string | null;
}

/** A claimed delivery with the body to send. */
export interface Claimed extends Delivery {
  body: string;
}

/** The poller's state: the watcher cursor (JSON) and a version bumped by every committed tick. */
export interface PollerState {
  cursor: string | null;
  version: number;
}

/** What one tick stores, in one transaction. */
export interface TickCommit {
  /** The version read with the cursor; the commit fails (returns false) if another tick moved it. */
  expectedVersion: number;
  cursor: string;
  events: readonly NewEvent[];
  now: number;
}

/** How a delivery attempt ended. */
export type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; nextAttemptAt: number; status: number | null; error: string }
  | { kind: 'dead'; status: number | null; error: string };

/** Filters of {@link Outbox.list}. */
export interface ListFilter {
  status?: DeliveryStatus | undefined;
  endpoint?: string | undefined;
  /** At most this many, newest first. Default 50. */
  limit?: number | undefined;
}

/** The storage behind the relay. Every method is safe to call from several processes at once. */
export interface Outbox {
  readonly backend: 'sqlite' | 'postgres';

  /** The cursor and its version. */
  readState(): Promise<PollerState>;
  /**
   * Stores a tick: the new cursor, the events (an event id already stored is skipped) and one pending
   * delivery per subscribed endpoint, all or nothing. False when `expectedVersion` is stale (another
   * poller committed first): nothing was written, and the caller must read the state again.
   */
  commitTick(commit: TickCommit): Promise<boolean>;
  /**
   * Tries to be (or stay) the one poller. PostgreSQL: a session-level `pg_try_advisory_lock` held on a
   * dedicated connection, released when it closes (a killed relay's lock goes with its connection).
   * SQLite: always true (one relay per file; the cursor's version still refuses a second writer's tick).
   */
  lead(): Promise<boolean>;
  /** Gives the poller role up (shutdown). */
  resign(): Promise<void>;

  /**
   * Claims up to `limit` due deliveries for `endpoints`: pending ones whose time has come and delivering
   * ones whose lease expired (their relay died). Each is leased to `owner` until `now + leaseMs` and its
   * attempt counted. Two instances never claim the same delivery while its lease holds.
   */
  claim(options: {
    owner: string;
    endpoints: readonly string[];
    limit: number;
    leaseMs: number;
    now: number;
  }): Promise<Claimed[]>;
  /** Records an attempt's outcome; false when the lease was lost (another instance took it over). */
  settle(id: number, owner: string, outcome: Outcome, now: number): Promise<boolean>;
  /** Hands `owner`'s claims back, uncounted, due now (graceful shutdown). Returns how many. */
  release(owner: string, now: number, ids?: readonly number[]): Promise<number>;
  /** When the next pending delivery for `endpoints` is due (epoch ms), or null. */
  nextDueAt(endpoints: readonly string[]): Promise<number | null>;

  /** Events after `seq`, oldest first (SSE, `Last-Event-ID`). */
  eventsAfter(seq: number, limit: number): Promise<StoredEvent[]>;
  /** The newest event's `seq`, or 0. */
  lastSeq(): Promise<number>;

  /** Deliveries, newest first. */
  list(filter?: ListFilter): Promise<Delivery[]>;
  /** How many deliveries are in each status. */
  counts(): Promise<Record<DeliveryStatus, number>>;
  /**
   * Queues dead (or delivered) deliveries again, due now, with their attempts reset. Pending and
   * delivering ones are already on their way and are left alone. Returns the ids queued.
   */
  replay(target: { ids: readonly number[] } | { allDead: true }, now: number): Promise<number[]>;
  /**
   * Deletes deliveries in `statuses` last touched before `before`, then the events older than that with no
   * delivery left. Returns how many of each.
   */
  purge(options: {
    statuses: readonly ('delivered' | 'dead')[];
    before: number;
  }): Promise<{ deliveries: number; events: number }>;

  close(): Promise<void>;
}
