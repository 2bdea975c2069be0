/** The storage backends every relay suite runs on: the same tests, parameterised. */
import { join } from 'node:path';
import type { StorageTarget } from '../../src/index.js';
import { freshPostgresUrl } from './postgres.js';
import { tempDir } from './temp.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty outbox location. */
  target(): Promise<StorageTarget>;
}

export const backends: readonly Backend[] = [
  { name: 'sqlite', target: async () => ({ kind: 'sqlite', file: join(tempDir(), 'outbox.db') }) },
  { name: 'postgres', target: async () => ({ kind: 'postgres', url: await freshPostgresUrl() }) },
];

/** The environment that points the bin at `target`. */
export function storageEnv(target: StorageTarget): Record<string, string> {
  return target.kind === 'sqlite'
    ? { INBOX_HUB_RELAY_DB: target.file }
    : { INBOX_HUB_RELAY_DATABASE_URL: target.url };
}
