import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  type NewEvent,
  type Outbox,
  type Outcome,
  type PollerState,
} from './outbox.js';
import { DELIVERY_COLUMNS, shortError, toClaimed, toDelivery, toEvent } from './rows.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cursor TEXT,
  version INTEGER NOT NULL,
  updated_at INTEGER
);
INSERT OR IGNORE INTO relay_state (id, version) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS relay_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  session_id TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS relay_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL REFERENCES relay_events (seq),
  endpoint TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER,
  delivered_by TEXT,
  UNIQUE (event_seq, endpoint)
);
-- Claims walk these in order and stop at the limit, however many finished deliveries the table keeps.
CREATE INDEX IF NOT EXISTS relay_deliveries_pending ON relay_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS relay_deliveries_leased ON relay_deliveries (lease_until) WHERE status = 'delivering';
CREATE INDEX IF NOT EXISTS relay_deliveries_status ON relay_deliveries (status, updated_at);
CREATE INDEX IF NOT EXISTS relay_events_created ON relay_events (created_at);
`;

const ENDPOINTS = 'd.endpoint IN (SELECT value FROM json_each(:endpoints))';

/**
 * The SQLite outbox: one file, zero setup, for one relay (`node:sqlite`, WAL). Writes run in `BEGIN
 * IMMEDIATE` transactions, so the CLI (or a second process by mistake) can share the file safely.
 */
export function openSqliteOutbox(file: string): Outbox {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // NORMAL is durable in WAL mode against a crashed process (a killed relay); only an OS crash may lose
  // the last transactions, which the watcher then derives again from the older cursor.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;');
  db.exec(SCHEMA);

  const tx = <T>(fn: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  const readState = db.prepare('SELECT cursor, version FROM relay_state WHERE id = 1');
  const writeState = db.prepare(
    'UPDATE relay_state SET cursor = ?, version = version + 1, updated_at = ? WHERE id = 1 AND version = ?',
  );
  const insertEvent = db.prepare(
    `INSERT INTO relay_events (id, type, session_id, observed_at, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING RETURNING seq`,
  );
  const insertDelivery = db.prepare(
    `INSERT INTO relay_deliveries (event_seq, endpoint, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, 'pending', 0, ?, ?, ?)`,
  );
  // Two index-ordered scans (leases that ran out, then pending by due time) rather than one OR, which
  // would read and sort every row the table keeps.
  const expiredIds = db.prepare(
    `SELECT d.id FROM relay_deliveries d WHERE d.status = 'delivering' AND d.lease_until < :now AND ${ENDPOINTS}
     ORDER BY d.lease_until LIMIT :limit`,
  );
  const pendingIds = db.prepare(
    `SELECT d.id FROM relay_deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND ${ENDPOINTS}
     ORDER BY d.next_attempt_at, d.id LIMIT :limit`,
  );
  const take = db.prepare(
    `UPDATE relay_deliveries SET status = 'delivering', attempts = attempts + 1, lease_owner = :owner,
       lease_until = :until, updated_at = :now WHERE id IN (SELECT value FROM json_each(:ids))`,
  );
  const claimed = db.prepare(
    `SELECT ${DELIVERY_COLUMNS}, e.body FROM relay_deliveries d JOIN relay_events e ON e.seq = d.event_seq
     WHERE d.id IN (SELECT value FROM json_each(:ids)) ORDER BY d.next_attempt_at, d.id`,
  );
  const settleDelivered = db.prepare(
    `UPDATE relay_deliveries SET status = 'delivered', last_status = ?, last_error = NULL, lease_owner = NULL,
       lease_until = NULL, delivered_at = ?, delivered_by = ?, updated_at = ?
     WHERE id = ? AND lease_owner = ? AND status = 'delivering'`,
  );
  const settleFailed = db.prepare(
    `UPDATE relay_deliveries SET status = ?, next_attempt_at = ?, last_status = ?, last_error = ?,
       lease_owner = NULL, lease_until = NULL, updated_at = ?
     WHERE id = ? AND lease_owner = ? AND status = 'delivering'`,
  );
  const releaseAll = db.prepare(
    `UPDATE relay_deliveries SET status = 'pending', attempts = MAX(attempts - 1, 0), next_attempt_at = :now,
       lease_owner = NULL, lease_until = NULL, updated_at = :now
     WHERE lease_owner = :owner AND status = 'delivering'
       AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))`,
  );
  const nextDue = db.prepare(
    `SELECT MIN(next_attempt_at) AS at FROM relay_deliveries
     WHERE status = 'pending' AND endpoint IN (SELECT value FROM json_each(?))`,
  );
  const eventsAfter = db.prepare(
    'SELECT seq, id, type, session_id, observed_at, body FROM relay_events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM relay_events');
  const counts = db.prepare('SELECT status, COUNT(*) AS n FROM relay_deliveries GROUP BY status');
  const list = db.prepare(
    `SELECT ${DELIVERY_COLUMNS} FROM relay_deliveries d JOIN relay_events e ON e.seq = d.event_seq
     WHERE (:status IS NULL OR d.status = :status) AND (:endpoint IS NULL OR d.endpoint = :endpoint)
     ORDER BY d.id DESC LIMIT :limit`,
  );
  const replay = db.prepare(
    `UPDATE relay_deliveries SET status = 'pending', attempts = 0, next_attempt_at = :now, last_error = NULL,
       last_status = NULL, delivered_at = NULL, delivered_by = NULL, updated_at = :now
     WHERE status IN ('dead', 'delivered')
       AND (CASE WHEN :all = 1 THEN status = 'dead' ELSE id IN (SELECT value FROM json_each(:ids)) END)
     RETURNING id`,
  );
  const purgeDeliveries = db.prepare(
    `DELETE FROM relay_deliveries WHERE status IN (SELECT value FROM json_each(?)) AND updated_at < ?`,
  );
  const purgeEvents = db.prepare(
    `DELETE FROM relay_events WHERE created_at < ?
       AND NOT EXISTS (SELECT 1 FROM relay_deliveries d WHERE d.event_seq = relay_events.seq)`,
  );

  const insertEvents = (events: readonly NewEvent[], now: number) => {
    for (const event of events) {
      const row = insertEvent.get(event.id, event.type, event.sessionId, event.observedAt, event.body, now) as
        | { seq: number }
        | undefined;
      // An id already stored is the same event (ids are stable): its deliveries exist already.
      if (row === undefined) continue;
      for (const endpoint of event.endpoints) insertDelivery.run(row.seq, endpoint, now, now, now);
    }
  };

  return {
    backend: 'sqlite',

    async readState(): Promise<PollerState> {
      const row = readState.get() as { cursor: string | null; version: number };
      return { cursor: row.cursor, version: Number(row.version) };
    },

    async commitTick({ expectedVersion, cursor, events, now }) {
      return tx(() => {
        if (Number(writeState.run(cursor, now, expectedVersion).changes) !== 1) return false;
        insertEvents(events, now);
        return true;
      });
    },

    async lead() {
      return true;
    },
    async resign() {},

    async claim({ owner, endpoints, limit, leaseMs, now }) {
      if (endpoints.length === 0 || limit < 1) return [];
      return tx(() => {
        const params = { endpoints: JSON.stringify(endpoints), now, limit };
        const ids = (expiredIds.all(params) as Array<{ id: number }>).map((r) => r.id);
        if (ids.length < limit) {
          const more = pendingIds.all({ ...params, limit: limit - ids.length }) as Array<{ id: number }>;
          ids.push(...more.map((r) => r.id));
        }
        if (ids.length === 0) return [];
        const json = JSON.stringify(ids);
        take.run({ owner, until: now + leaseMs, now, ids: json });
        return (claimed.all({ ids: json }) as Array<Record<string, unknown>>).map(toClaimed);
      });
    },

    async settle(id, owner, outcome: Outcome, now) {
      const result =
        outcome.kind === 'delivered'
          ? settleDelivered.run(outcome.status, now, owner, now, id, owner)
          : settleFailed.run(
              outcome.kind === 'dead' ? 'dead' : 'pending',
              outcome.kind === 'retry' ? outcome.nextAttemptAt : now,
              outcome.status,
              shortError(outcome.error),
              now,
              id,
              owner,
            );
      return Number(result.changes) === 1;
    },

    async release(owner, now, ids) {
      return Number(
        releaseAll.run({ owner, now, ids: ids === undefined ? null : JSON.stringify(ids) }).changes,
      );
    },

    async nextDueAt(endpoints) {
      const row = nextDue.get(JSON.stringify(endpoints)) as { at: number | null };
      return row.at === null ? null : Number(row.at);
    },

    async eventsAfter(seq, limit) {
      return (eventsAfter.all(seq, limit) as Array<Record<string, unknown>>).map(toEvent);
    },

    async lastSeq() {
      return Number((lastSeq.get() as { seq: number }).seq);
    },

    async list(filter = {}): Promise<Delivery[]> {
      const rows = list.all({
        status: filter.status ?? null,
        endpoint: filter.endpoint ?? null,
        limit: filter.limit ?? 50,
      }) as Array<Record<string, unknown>>;
      return rows.map(toDelivery);
    },

    async counts() {
      const result = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const row of counts.all() as Array<{ status: DeliveryStatus; n: number }>) {
        result[row.status] = Number(row.n);
      }
      return result;
    },

    async replay(target, now) {
      const all = 'allDead' in target ? 1 : 0;
      const ids = JSON.stringify('ids' in target ? target.ids : []);
      return tx(() =>
        (replay.all({ now, all, ids }) as Array<{ id: number }>)
          .map((r) => Number(r.id))
          .sort((a, b) => a - b),
      );
    },

    async purge({ statuses, before }) {
      return tx(() => {
        const deliveries = Number(purgeDeliveries.run(JSON.stringify(statuses), before).changes);
        const events = Number(purgeEvents.run(before).changes);
        return { deliveries, events };
      });
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}
