import { postgresStore } from './postgres-store.js';
import { sqliteStore } from './sqlite-store.js';
import type { DashboardStore } from './store.js';

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * The store at `location`: a PostgreSQL URL (replicas on several machines), else the path of a SQLite
 * file (`:memory:` keeps it in memory, for tests).
 */
export function openStore(location: string): DashboardStore {
  return isPostgresUrl(location) ? postgresStore(location) : sqliteStore(location);
}
