/**
 * What the dashboard must remember across restarts, behind one interface: the customer links it made and
 * which of them are spent. SQLite (`sqlite-store.ts`) is the default: one file, zero setup. A store for
 * several replicas behind one URL implements the same interface on a shared database. Every method is
 * async so a networked store fits the same shape.
 */
export interface DashboardStore {
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
  close(): Promise<void>;
}

/** A link as the store keeps it: its id, session and lifetime; never the signed token. */
export interface StoredLink {
  id: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
}
