import pg from 'pg';
import { type DashboardStore, KEEP_EXPIRED_MS, type StoredLink, type StoredSnapshot } from './store.js';

/** Serialises schema creation when several replicas start at once (any key nothing else uses). */
const SCHEMA_LOCK_KEY = '7598367236401201';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dashboard_links (
  id text PRIMARY KEY,
  session_id text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  spent_at bigint
);
CREATE INDEX IF NOT EXISTS dashboard_links_unspent ON dashboard_links (session_id) WHERE spent_at IS NULL;
CREATE TABLE IF NOT EXISTS dashboard_revoked_sign_ins (
  nonce text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS dashboard_poll_lease (
  id integer PRIMARY KEY CHECK (id = 1),
  owner text NOT NULL,
  until bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS dashboard_snapshot (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL,
  fingerprint text NOT NULL,
  body text NOT NULL,
  polled_at bigint NOT NULL
);
`;

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** Connections in the pool. Default 5: the dashboard's queries are few and short. */
  poolSize?: number;
  /** Called when an idle connection fails (the server restarted, say); the pool replaces it. */
  onError?: (error: Error) => void;
}

/**
 * The dashboard's store on PostgreSQL, for replicas behind one URL: a link spent through one replica is
 * refused by every other, a sign-out on one ends the sign-in on all, and one replica at a time polls
 * Inbox Hub (a lease row) while the others read what it saw. Tables are prefixed `dashboard_`, so the
 * database can be shared with the relay. Every statement is a single atomic one: no transaction is held
 * open across a network round trip.
 */
export function postgresStore(url: string, options: PostgresStoreOptions = {}): DashboardStore {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 5 });
  pool.on('error', options.onError ?? (() => {}));
  const migrated = (async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  })();
  // A failure surfaces from ready() and from every call; it must not also be an unhandled rejection.
  migrated.catch(() => {});
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    await migrated;
    return pool.query<R>(text, values);
  };
  return {
    ready: () => migrated,
    async recordLink(link: StoredLink) {
      await query(
        `INSERT INTO dashboard_links (id, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [link.id, link.sessionId, link.createdAt, link.expiresAt],
      );
    },
    async isSpent(link: StoredLink) {
      // Record-if-missing and read in one statement: the row that comes back is the stored one.
      const { rows } = await query<{ spent_at: string | null }>(
        `WITH ins AS (
           INSERT INTO dashboard_links (id, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO NOTHING RETURNING spent_at
         )
         SELECT spent_at FROM ins UNION ALL SELECT spent_at FROM dashboard_links WHERE id = $1`,
        [link.id, link.sessionId, link.createdAt, link.expiresAt],
      );
      return rows.some((r) => r.spent_at !== null);
    },
    async spendSession(sessionId: string, at: number) {
      const { rowCount } = await query(
        `UPDATE dashboard_links SET spent_at = $1
         WHERE session_id = $2 AND spent_at IS NULL AND created_at <= $1`,
        [at, sessionId],
      );
      return rowCount ?? 0;
    },
    async liveLinkSessions(now: number) {
      await query('DELETE FROM dashboard_links WHERE expires_at < $1', [now - KEEP_EXPIRED_MS]);
      const { rows } = await query<{ session_id: string }>(
        `SELECT DISTINCT session_id FROM dashboard_links
         WHERE spent_at IS NULL AND expires_at > $1 ORDER BY session_id`,
        [now],
      );
      return rows.map((r) => r.session_id);
    },
    async revokeSignIn(nonce: string, expiresAt: number, now: number) {
      await query('DELETE FROM dashboard_revoked_sign_ins WHERE expires_at < $1', [now]);
      await query(
        `INSERT INTO dashboard_revoked_sign_ins (nonce, expires_at) VALUES ($1, $2)
         ON CONFLICT (nonce) DO NOTHING`,
        [nonce, expiresAt],
      );
    },
    async revokedSignIns(nonces: readonly string[]) {
      if (nonces.length === 0) return [];
      const { rows } = await query<{ nonce: string }>(
        'SELECT nonce FROM dashboard_revoked_sign_ins WHERE nonce = ANY($1::text[])',
        [nonces],
      );
      return rows.map((r) => r.nonce);
    },
    async lead(owner: string, now: number, ttlMs: number) {
      const { rows } = await query<{ owner: string }>(
        `INSERT INTO dashboard_poll_lease (id, owner, until) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE dashboard_poll_lease.owner = excluded.owner OR dashboard_poll_lease.until <= $3
         RETURNING owner`,
        [owner, now + ttlMs, now],
      );
      return rows[0]?.owner === owner;
    },
    async resign(owner: string) {
      await query('DELETE FROM dashboard_poll_lease WHERE id = 1 AND owner = $1', [owner]);
    },
    async publishSnapshot(snapshot: StoredSnapshot) {
      const { rows } = await query<{ version: string }>(
        `INSERT INTO dashboard_snapshot AS s (id, version, fingerprint, body, polled_at)
         VALUES (1, 1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET
           version = s.version + CASE WHEN s.fingerprint <> excluded.fingerprint THEN 1 ELSE 0 END,
           body = CASE WHEN s.fingerprint <> excluded.fingerprint THEN excluded.body ELSE s.body END,
           fingerprint = excluded.fingerprint,
           polled_at = GREATEST(s.polled_at, excluded.polled_at)
         RETURNING version`,
        [snapshot.fingerprint, snapshot.body, snapshot.polledAt],
      );
      return Number(rows[0]?.version ?? 0);
    },
    async readSnapshot() {
      const { rows } = await query<{ version: string; fingerprint: string; body: string; polled_at: string }>(
        'SELECT version, fingerprint, body, polled_at FROM dashboard_snapshot WHERE id = 1',
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        version: Number(row.version),
        fingerprint: row.fingerprint,
        body: row.body,
        polledAt: Number(row.polled_at),
      };
    },
    async close() {
      await migrated.catch(() => {});
      await pool.end();
    },
  };
}
