import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPostgres, startPostgres } from '../src/index.js';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  let server: RunningPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('runs a real PostgreSQL on a loopback port, as an unprivileged user', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const [row] = await query(server.url, "SELECT version() AS v, current_setting('listen_addresses') AS l");
    expect(String(row?.v)).toMatch(/^PostgreSQL \d+/);
    expect(row?.l).toBe('127.0.0.1');
    // The server process belongs to an unprivileged user (PostgreSQL refuses to run as root).
    const [pidFile] = await query(server.url, "SELECT pg_read_file('postmaster.pid') AS text");
    const pid = String(pidFile?.text).split('\n')[0];
    expect(statSync(`/proc/${pid}`).uid).not.toBe(0);
  });

  it('creates separate databases', async () => {
    const a = await server.createDatabase();
    const b = await server.createDatabase();
    expect(a).not.toBe(b);
    await query(a, 'CREATE TABLE only_in_a (x int)');
    await expect(query(b, 'SELECT * FROM only_in_a')).rejects.toThrow(/does not exist/);
  });

  it('stops, freeing the port and deleting its directory', async () => {
    const other = await startPostgres();
    const [row] = await query(other.url, "SELECT current_setting('data_directory') AS d");
    const dataDir = String(row?.d);
    expect(dataDir.startsWith(tmpdir())).toBe(true);
    await other.stop();
    expect(existsSync(dataDir)).toBe(false);
    await expect(query(other.url, 'SELECT 1')).rejects.toThrow();
  });

  it('names the Debian package when the binaries are missing', async () => {
    await expect(startPostgres({ binDir: join(tmpdir(), 'no-postgres-here') })).rejects.toThrow(
      /postgresql package/,
    );
  });
});
