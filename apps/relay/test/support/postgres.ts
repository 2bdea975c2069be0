import { createPostgresDatabase } from '@inbox-hub/contract-testing';
import type {} from '@inbox-hub/contract-testing/postgres-global-setup';
import { inject } from 'vitest';

/**
 * A fresh database on the run's PostgreSQL (started by the global setup). Throws the setup's reason, which
 * names Debian's postgresql package, when PostgreSQL could not start.
 */
export async function freshPostgresUrl(): Promise<string> {
  const error = inject('postgresError');
  if (error) throw new Error(`These tests need a real PostgreSQL. ${error}`);
  return createPostgresDatabase(inject('postgresUrl'));
}
