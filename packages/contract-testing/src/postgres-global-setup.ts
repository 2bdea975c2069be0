import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the run's PostgreSQL (empty when it could not start; see `postgresError`). */
    postgresUrl: string;
    /** Why PostgreSQL could not start (it names Debian's package when the binaries are missing), or empty. */
    postgresError: string;
  }
}

/**
 * Vitest global setup: one real PostgreSQL for the whole run, stopped (and its directory deleted) at the
 * end. Test files create their own database on it (`createPostgresDatabase(inject('postgresUrl'))`). When
 * it cannot start, the reason is provided instead, so only the tests that need PostgreSQL fail, each with
 * that reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const server = await startPostgres();
    project.provide('postgresUrl', server.url);
    project.provide('postgresError', '');
    return () => server.stop();
  } catch (error) {
    project.provide('postgresUrl', '');
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
    return async () => {};
  }
}
