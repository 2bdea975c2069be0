import type { Outbox } from './outbox.js';
import { openPostgresOutbox } from './postgres.js';
import { openSqliteOutbox } from './sqlite.js';

/** Where the outbox lives. */
export type StorageTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Opens (and creates, the first time) the outbox. */
export async function openOutbox(
  target: StorageTarget,
  options: { onError?: (error: Error) => void } = {},
): Promise<Outbox> {
  return target.kind === 'sqlite'
    ? openSqliteOutbox(target.file)
    : openPostgresOutbox(target.url, { onError: options.onError });
}

/** The target for logs: the file, or `postgres host:port/db` without user or password. */
export function describeTarget(target: StorageTarget): string {
  if (target.kind === 'sqlite') return `SQLite ${target.file}`;
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
