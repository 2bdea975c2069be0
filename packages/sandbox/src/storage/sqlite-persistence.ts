import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { QrRecord, SessionRecord, Tenant } from '../domain/model.js';
import type { Persistence, Snapshot } from './persistence.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS qrs (payload TEXT PRIMARY KEY, session_id INTEGER NOT NULL, json TEXT NOT NULL);
`;

/**
 * Keeps the sandbox's state in a SQLite file with Node's built-in `node:sqlite` (no native module to
 * build). Rows hold JSON: the file is the sandbox's private format, and this keeps a new field a one-line
 * change. WAL plus synchronous writes mean a killed process loses nothing it had answered.
 */
export function sqlitePersistence(file: string): Persistence {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec(SCHEMA);
  const putMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const putTenant = db.prepare(
    'INSERT INTO tenants (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
  );
  const putSession = db.prepare(
    'INSERT INTO sessions (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
  );
  const putQr = db.prepare(
    'INSERT INTO qrs (payload, session_id, json) VALUES (?, ?, ?) ON CONFLICT(payload) DO UPDATE SET json = excluded.json',
  );
  const rows = (sql: string) => db.prepare(sql).all() as Array<Record<string, unknown>>;

  return {
    load(): Snapshot {
      return {
        tenants: rows('SELECT json FROM tenants ORDER BY rowid').map(
          (r) => JSON.parse(String(r.json)) as Tenant,
        ),
        sessions: rows('SELECT json FROM sessions ORDER BY id').map(
          (r) => JSON.parse(String(r.json)) as SessionRecord,
        ),
        qrs: rows('SELECT json FROM qrs').map((r) => JSON.parse(String(r.json)) as QrRecord),
        meta: new Map(rows('SELECT key, value FROM meta').map((r) => [String(r.key), String(r.value)])),
      };
    },
    saveTenant: (tenant) => void putTenant.run(tenant.id, JSON.stringify(tenant)),
    saveSession: (session) => void putSession.run(session.id, JSON.stringify(session)),
    saveQr: (qr) => void putQr.run(qr.payload, qr.sessionDbId, JSON.stringify(qr)),
    setMeta: (key, value) => void putMeta.run(key, value),
    close: () => db.close(),
  };
}
