import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DashboardStore, StoredLink } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  spent_at INTEGER
);
CREATE INDEX IF NOT EXISTS links_unspent ON links (session_id) WHERE spent_at IS NULL;
`;

/** Links past their expiry by this much are deleted: an expired link is refused by its signature alone. */
const KEEP_EXPIRED_MS = 7 * 24 * 3_600_000;

/**
 * The dashboard's store in a SQLite file, with Node's built-in `node:sqlite` (nothing native to build).
 * `:memory:` keeps it in memory (tests). WAL and synchronous writes: a link spent is spent, even if the
 * process dies right after.
 */
export function sqliteStore(file: string): DashboardStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO links (id, session_id, created_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
  );
  const spentAt = db.prepare('SELECT spent_at FROM links WHERE id = ?');
  const spend = db.prepare(
    'UPDATE links SET spent_at = ? WHERE session_id = ? AND spent_at IS NULL AND created_at <= ?',
  );
  const live = db.prepare(
    'SELECT DISTINCT session_id FROM links WHERE spent_at IS NULL AND expires_at > ? ORDER BY session_id',
  );
  const prune = db.prepare('DELETE FROM links WHERE expires_at < ?');
  return {
    async recordLink(link: StoredLink) {
      insert.run(link.id, link.sessionId, link.createdAt, link.expiresAt);
    },
    async isSpent(link: StoredLink) {
      const row = spentAt.get(link.id) as { spent_at: number | null } | undefined;
      if (row === undefined) {
        insert.run(link.id, link.sessionId, link.createdAt, link.expiresAt);
        return false;
      }
      return row.spent_at !== null;
    },
    async spendSession(sessionId: string, at: number) {
      return Number(spend.run(at, sessionId, at).changes);
    },
    async liveLinkSessions(now: number) {
      prune.run(now - KEEP_EXPIRED_MS);
      return (live.all(now) as Array<{ session_id: string }>).map((r) => r.session_id);
    },
    async close() {
      db.close();
    },
  };
}
