import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type DashboardStore, KEEP_EXPIRED_MS, type StoredLink, type StoredSnapshot } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  spent_at INTEGER
);
CREATE INDEX IF NOT EXISTS links_unspent ON links (session_id) WHERE spent_at IS NULL;
CREATE TABLE IF NOT EXISTS revoked_sign_ins (
  nonce TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS poll_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  until INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  body TEXT NOT NULL,
  polled_at INTEGER NOT NULL
);
`;

/**
 * The dashboard's store in a SQLite file, with Node's built-in `node:sqlite` (nothing native to build).
 * `:memory:` keeps it in memory (tests). WAL and a busy timeout let several dashboard processes on one
 * machine share the file; a link spent is spent, even if the process dies right after.
 */
export function sqliteStore(file: string): DashboardStore {
  // The store holds link ids, sign-outs and the last snapshot (QR images included): this user only.
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(file, { timeout: 5_000 });
  if (file !== ':memory:') {
    chmodSync(file, 0o600);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  }
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
  const revoke = db.prepare(
    'INSERT INTO revoked_sign_ins (nonce, expires_at) VALUES (?, ?) ON CONFLICT(nonce) DO NOTHING',
  );
  const pruneRevoked = db.prepare('DELETE FROM revoked_sign_ins WHERE expires_at < ?');
  // Asked on every signed-in request: prepared once, the nonces passed as one JSON array.
  const revokedAmong = db.prepare(
    'SELECT nonce FROM revoked_sign_ins WHERE nonce IN (SELECT value FROM json_each(?))',
  );
  // One statement takes a free or lapsed lease, or renews our own; anyone else's live lease stays.
  const lead = db.prepare(
    `INSERT INTO poll_lease (id, owner, until) VALUES (1, ?, ?)
     ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, until = excluded.until
     WHERE poll_lease.owner = excluded.owner OR poll_lease.until <= ?`,
  );
  const leaseOwner = db.prepare('SELECT owner FROM poll_lease WHERE id = 1');
  const resign = db.prepare('DELETE FROM poll_lease WHERE id = 1 AND owner = ?');
  const publish = db.prepare(
    `INSERT INTO snapshot (id, version, fingerprint, body, polled_at) VALUES (1, 1, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET
       version = snapshot.version + (snapshot.fingerprint <> excluded.fingerprint),
       body = CASE WHEN snapshot.fingerprint <> excluded.fingerprint THEN excluded.body ELSE snapshot.body END,
       fingerprint = excluded.fingerprint,
       polled_at = MAX(snapshot.polled_at, excluded.polled_at)
     RETURNING version`,
  );
  const read = db.prepare('SELECT version, fingerprint, body, polled_at FROM snapshot WHERE id = 1');
  return {
    async ready() {},
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
    async revokeSignIn(nonce: string, expiresAt: number, now: number) {
      pruneRevoked.run(now);
      revoke.run(nonce, expiresAt);
    },
    async revokedSignIns(nonces: readonly string[]) {
      if (nonces.length === 0) return [];
      const rows = revokedAmong.all(JSON.stringify(nonces)) as Array<{ nonce: string }>;
      return rows.map((r) => r.nonce);
    },
    async lead(owner: string, now: number, ttlMs: number) {
      lead.run(owner, now + ttlMs, now);
      return (leaseOwner.get() as { owner: string } | undefined)?.owner === owner;
    },
    async resign(owner: string) {
      resign.run(owner);
    },
    async publishSnapshot(snapshot: StoredSnapshot) {
      const row = publish.get(snapshot.fingerprint, snapshot.body, snapshot.polledAt) as { version: number };
      return Number(row.version);
    },
    async readSnapshot() {
      const row = read.get() as
        | { version: number; fingerprint: string; body: string; polled_at: number }
        | undefined;
      if (!row) return undefined;
      return {
        version: Number(row.version),
        fingerprint: row.fingerprint,
        body: row.body,
        polledAt: Number(row.polled_at),
      };
    },
    async close() {
      db.close();
    },
  };
}
