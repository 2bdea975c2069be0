import pg from 'pg';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  type Outbox,
  type PollerState,
} from './outbox.js';
import { DELIVERY_COLUMNS, shortError, toClaimed, toDelivery, toEvent } from './rows.js';

/**
 * Advisory lock keys (64-bit, any value works as long as nothing else in the database uses it): one for the
 * poller election, one that serialises schema creation when several relays start at once.
 */
export const POLLER_LOCK_KEY = 0x72656c61790001n;
const SCHEMA_LOCK_KEY = 0x72656c61790002n;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_state (
  id integer PRIMARY KEY CHECK (id = 1),
  cursor text,
  version bigint NOT NULL,
  updated_at bigint
);
INSERT INTO relay_state (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS relay_events (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  session_id text NOT NULL,
  observed_at text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS relay_deliveries (
  id bigserial PRIMARY KEY,
  event_seq bigint NOT NULL REFERENCES relay_events (seq),
  endpoint text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  lease_owner text,
  lease_until bigint,
  last_status integer,
  last_error text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  delivered_at bigint,
  delivered_by text,
  UNIQUE (event_seq, endpoint)
);
-- Claims walk these in order and stop at the limit, however many finished deliveries the table keeps.
CREATE INDEX IF NOT EXISTS relay_deliveries_pending ON relay_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS relay_deliveries_leased ON relay_deliveries (lease_until) WHERE status = 'delivering';
CREATE INDEX IF NOT EXISTS relay_deliveries_status ON relay_deliveries (status, updated_at);
CREATE INDEX IF NOT EXISTS relay_events_created ON relay_events (created_at);
`;

/** Options of {@link openPostgresOutbox}. */
export interface PostgresOutboxOptions {
  /** Connections in the pool (the poller's lock connection is extra). Default 10. */
  poolSize?: number;
  /** Called when an idle connection fails (the server restarted, say); the pool replaces it. */
  onError?: (error: Error) => void;
}

/**
 * The PostgreSQL outbox, for several relays on one database. One poller at a time holds a session-level
 * advisory lock on its own connection and writes each tick through that connection, so a poller that lost
 * its connection (and so its lock) cannot commit a tick any more; the cursor's version check refuses a
 * stale tick as a second line. Deliveries are claimed with `FOR UPDATE SKIP LOCKED` and leased: each is
 * sent by exactly one instance, and only a relay that dies mid-delivery causes a second sending, after
 * its lease runs out.
 */
export async function openPostgresOutbox(url: string, options: PostgresOutboxOptions = {}): Promise<Outbox> {
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', onError);
  const migrate = await pool.connect();
  try {
    await migrate.query('BEGIN');
    await migrate.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY.toString()]);
    await migrate.query(SCHEMA);
    await migrate.query('COMMIT');
  } catch (error) {
    await migrate.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    migrate.release();
  }

  let leader: pg.Client | null = null;
  const dropLeader = async () => {
    const client = leader;
    leader = null;
    // Closing the connection releases the advisory lock.
    await client?.end().catch(() => {});
  };
  const query = async (sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows;
  let leading: Promise<boolean> | undefined;
  const tryLead = async (): Promise<boolean> => {
    if (leader) {
      try {
        await leader.query('SELECT 1');
        return true;
      } catch {
        await dropLeader();
      }
    }
    // A standby keeps one connection to try the lock on at every tick, rather than opening one each time.
    const client = standby ?? (await connectStandby());
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [
        POLLER_LOCK_KEY.toString(),
      ]);
      if (rows[0]?.ok === true) {
        standby = undefined;
        leader = client;
        return true;
      }
      return false;
    } catch (error) {
      await dropStandby();
      throw error;
    }
  };
  let standby: pg.Client | undefined;
  const connectStandby = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', (error) => {
      onError(error);
      if (leader === client) void dropLeader();
      if (standby === client) void dropStandby();
    });
    await client.connect();
    standby = client;
    return client;
  };
  const dropStandby = async () => {
    const client = standby;
    standby = undefined;
    await client?.end().catch(() => {});
  };

  return {
    backend: 'postgres',

    async readState(): Promise<PollerState> {
      const [row] = await query('SELECT cursor, version FROM relay_state WHERE id = 1');
      return { cursor: (row?.cursor as string | null) ?? null, version: Number(row?.version ?? 0) };
    },

    async commitTick({ expectedVersion, cursor, events, now }) {
      // Through the lock's connection when this instance is the poller: if that connection is gone, so is
      // the lock, and the write fails instead of racing the new poller.
      const client = leader ?? (await pool.connect());
      const pooled = client !== leader;
      try {
        await client.query('BEGIN');
        const state = await client.query(
          'UPDATE relay_state SET cursor = $1, version = version + 1, updated_at = $2 WHERE id = 1 AND version = $3',
          [cursor, now, expectedVersion],
        );
        if (state.rowCount !== 1) {
          await client.query('ROLLBACK');
          return false;
        }
        if (events.length > 0) {
          const inserted = await client.query(
            `INSERT INTO relay_events (id, type, session_id, observed_at, body, created_at)
             SELECT t.id, t.type, t.session_id, t.observed_at, t.body, $6
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
               WITH ORDINALITY AS t (id, type, session_id, observed_at, body, n)
             ORDER BY t.n
             ON CONFLICT (id) DO NOTHING RETURNING seq, id`,
            [
              events.map((e) => e.id),
              events.map((e) => e.type),
              events.map((e) => e.sessionId),
              events.map((e) => e.observedAt),
              events.map((e) => e.body),
              now,
            ],
          );
          const seqOf = new Map(inserted.rows.map((r) => [String(r.id), String(r.seq)]));
          const seqs: string[] = [];
          const endpoints: string[] = [];
          for (const event of events) {
            const seq = seqOf.get(event.id);
            // An id already stored is the same event (ids are stable): its deliveries exist already.
            if (seq === undefined) continue;
            for (const endpoint of event.endpoints) {
              seqs.push(seq);
              endpoints.push(endpoint);
            }
          }
          if (seqs.length > 0) {
            await client.query(
              `INSERT INTO relay_deliveries (event_seq, endpoint, status, attempts, next_attempt_at, created_at, updated_at)
               SELECT s, e, 'pending', 0, $3, $3, $3 FROM unnest($1::bigint[], $2::text[]) AS t (s, e)`,
              [seqs, endpoints, now],
            );
          }
        }
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (!pooled) await dropLeader();
        throw error;
      } finally {
        if (pooled) (client as pg.PoolClient).release();
      }
    },

    lead() {
      // One attempt at a time: two at once would open two connections, and the second would fail to get
      // the lock the first one holds.
      leading ??= tryLead().finally(() => {
        leading = undefined;
      });
      return leading;
    },

    async resign() {
      await dropLeader();
    },

    async claim({ owner, endpoints, limit, leaseMs, now }) {
      if (endpoints.length === 0 || limit < 1) return [];
      const rows = await query(
        // Two index-ordered scans (leases that ran out first, then pending by due time) instead of one OR,
        // which would read and sort every row of the table.
        `WITH expired AS (
           SELECT id FROM relay_deliveries
           WHERE status = 'delivering' AND lease_until < $2 AND endpoint = ANY($1::text[])
           ORDER BY lease_until
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         ), pending AS (
           SELECT id FROM relay_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $2 AND endpoint = ANY($1::text[])
           ORDER BY next_attempt_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         ), due AS (
           (SELECT id FROM expired) UNION ALL (SELECT id FROM pending) LIMIT $3
         ), taken AS (
           UPDATE relay_deliveries d SET status = 'delivering', attempts = d.attempts + 1, lease_owner = $4,
             lease_until = $5, updated_at = $2
           FROM due WHERE d.id = due.id
           RETURNING d.*
         )
         SELECT ${DELIVERY_COLUMNS}, e.body FROM taken d JOIN relay_events e ON e.seq = d.event_seq
         ORDER BY d.next_attempt_at, d.id`,
        [endpoints, now, limit, owner, now + leaseMs],
      );
      return rows.map(toClaimed);
    },

    async settle(id, owner, outcome, now) {
      const result =
        outcome.kind === 'delivered'
          ? await pool.query(
              `UPDATE relay_deliveries SET status = 'delivered', last_status = $1, last_error = NULL,
                 lease_owner = NULL, lease_until = NULL, delivered_at = $2, delivered_by = $3, updated_at = $2
               WHERE id = $4 AND lease_owner = $3 AND status = 'delivering'`,
              [outcome.status, now, owner, id],
            )
          : await pool.query(
              `UPDATE relay_deliveries SET status = $1, next_attempt_at = $2, last_status = $3, last_error = $4,
                 lease_owner = NULL, lease_until = NULL, updated_at = $5
               WHERE id = $6 AND lease_owner = $7 AND status = 'delivering'`,
              [
                outcome.kind === 'dead' ? 'dead' : 'pending',
                outcome.kind === 'retry' ? outcome.nextAttemptAt : now,
                outcome.status,
                shortError(outcome.error),
                now,
                id,
                owner,
              ],
            );
      return result.rowCount === 1;
    },

    async release(owner, now, ids) {
      const result = await pool.query(
        `UPDATE relay_deliveries SET status = 'pending', attempts = GREATEST(attempts - 1, 0),
           next_attempt_at = $2, lease_owner = NULL, lease_until = NULL, updated_at = $2
         WHERE lease_owner = $1 AND status = 'delivering' AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[]))`,
        [owner, now, ids === undefined ? null : ids],
      );
      return result.rowCount ?? 0;
    },

    async nextDueAt(endpoints) {
      const [row] = await query(
        `SELECT MIN(next_attempt_at) AS at FROM relay_deliveries WHERE status = 'pending' AND endpoint = ANY($1::text[])`,
        [endpoints],
      );
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    async eventsAfter(seq, limit) {
      const rows = await query(
        'SELECT seq, id, type, session_id, observed_at, body FROM relay_events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [seq, limit],
      );
      return rows.map(toEvent);
    },

    async lastSeq() {
      const [row] = await query('SELECT COALESCE(MAX(seq), 0) AS seq FROM relay_events');
      return Number(row?.seq ?? 0);
    },

    async list(filter = {}): Promise<Delivery[]> {
      const rows = await query(
        `SELECT ${DELIVERY_COLUMNS} FROM relay_deliveries d JOIN relay_events e ON e.seq = d.event_seq
         WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.endpoint = $2)
         ORDER BY d.id DESC LIMIT $3`,
        [filter.status ?? null, filter.endpoint ?? null, filter.limit ?? 50],
      );
      return rows.map(toDelivery);
    },

    async counts() {
      const result = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const row of await query('SELECT status, COUNT(*) AS n FROM relay_deliveries GROUP BY status')) {
        result[row.status as DeliveryStatus] = Number(row.n);
      }
      return result;
    },

    async replay(target, now) {
      const rows = await query(
        `UPDATE relay_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, last_error = NULL,
           last_status = NULL, delivered_at = NULL, delivered_by = NULL, updated_at = $1
         WHERE status IN ('dead', 'delivered')
           AND (CASE WHEN $2 THEN status = 'dead' ELSE id = ANY($3::bigint[]) END)
         RETURNING id`,
        [now, 'allDead' in target, 'ids' in target ? target.ids : []],
      );
      return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    },

    async purge({ statuses, before }) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const deliveries = await client.query(
          'DELETE FROM relay_deliveries WHERE status = ANY($1::text[]) AND updated_at < $2',
          [statuses, before],
        );
        const events = await client.query(
          `DELETE FROM relay_events e WHERE e.created_at < $1
             AND NOT EXISTS (SELECT 1 FROM relay_deliveries d WHERE d.event_seq = e.seq)`,
          [before],
        );
        await client.query('COMMIT');
        return { deliveries: deliveries.rowCount ?? 0, events: events.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async close() {
      await dropLeader();
      await dropStandby();
      await pool.end();
    },
  };
}
