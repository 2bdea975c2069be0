/**
 * What the dashboard shares and remembers, behind one interface: the customer links it made and which are
 * spent, the operators' sign-outs, and the one poll of Inbox Hub (who runs it, and what it last saw). SQLite
 * (`sqlite-store.ts`) is the default: one file, zero setup, and several processes on one machine can share
 * it. PostgreSQL (`postgres-store.ts`) is for replicas behind one URL on several machines. Every method is
 * async so both fit the same shape. Times are epoch ms on the caller's clock.
 */
export interface DashboardStore {
  /** Resolves once the store is usable (tables created, connection made); rejects with the reason. */
  ready(): Promise<void>;

  /** Remembers a link the dashboard made (idempotent). */
  recordLink(link: StoredLink): Promise<void>;
  /** Whether the link is spent. A link the store never saw is recorded now, live. */
  isSpent(link: StoredLink): Promise<boolean>;
  /**
   * Spends every unspent link of `sessionId` made before `at` (its session connected at `at`). Returns how
   * many it spent.
   */
  spendSession(sessionId: string, at: number): Promise<number>;
  /** The sessions that have a link neither spent nor expired at `now`: they must be watched. */
  liveLinkSessions(now: number): Promise<string[]>;

  /** Records that the sign-in `nonce` signed out; its cookie is refused everywhere until `expiresAt`. */
  revokeSignIn(nonce: string, expiresAt: number, now: number): Promise<void>;
  /** Which of `nonces` have signed out (on any replica). */
  revokedSignIns(nonces: readonly string[]): Promise<string[]>;

  /**
   * Takes or renews the right to poll Inbox Hub for `ttlMs`: true when `owner` holds it now. A replica that
   * stops renewing (it stopped, or died) loses it after `ttlMs`, and another one takes over.
   */
  lead(owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the poll up at once (the replica has nobody watching any more, or stops). */
  resign(owner: string): Promise<void>;
  /**
   * Publishes what a poll saw. The version grows only when `fingerprint` differs from the stored one;
   * `polledAt` is always updated (how fresh the snapshot is). Returns the stored version.
   */
  publishSnapshot(snapshot: StoredSnapshot): Promise<number>;
  /** The last published snapshot, or undefined before the first poll. */
  readSnapshot(): Promise<StoredSnapshot | undefined>;

  close(): Promise<void>;
}

/** A link as the store keeps it: its id, session and lifetime; never the signed token. */
export interface StoredLink {
  id: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
}

/** A poll's result as the replicas share it. */
export interface StoredSnapshot {
  /** Set by the store (ignored on publish). */
  version: number;
  /** What a page shows, as JSON. */
  body: string;
  /** Equal fingerprints mean nothing a page shows changed. */
  fingerprint: string;
  /** When the poll ran (epoch ms, wall clock). */
  polledAt: number;
}

/** Links past their expiry by this much are deleted: an expired link is refused by its signature alone. */
export const KEEP_EXPIRED_MS = 7 * 24 * 3_600_000;
