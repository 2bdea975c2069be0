/**
 * A real PostgreSQL for tests: `initdb` into a temporary directory, `postgres` on a free loopback port as an
 * unprivileged user, and a clean stop. Debian's `postgresql` package provides the binaries (`./x setup`
 * installs it on a fresh machine).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/** Options of {@link startPostgres}. */
export interface PostgresOptions {
  /** Where `initdb` and `postgres` are; by default PATH, then `/usr/lib/postgresql/<newest>/bin`. */
  binDir?: string;
  /** How long to wait for the server to accept connections. Default 60 s (a loaded CI machine). */
  startTimeoutMs?: number;
  /** Extra server settings (`-c name=value`), such as `{ max_connections: '200' }`. */
  settings?: Record<string, string>;
}

/** A running PostgreSQL. `stop()` shuts it down and deletes its directory. */
export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: trust authentication, loopback only, no password. */
  url: string;
  port: number;
  /** Creates a fresh, empty database and returns its URL: one per test file keeps suites apart. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The sentence every "PostgreSQL is missing" error ends with. */
const POSTGRES_INSTALL_HINT =
  "install Debian's postgresql package (apt-get install -y postgresql; ./x setup does it), or pass binDir.";

/** Finds a directory that holds both `initdb` and `postgres`. */
function findPostgresBin(binDir?: string): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (binDir !== undefined) {
    if (has(binDir)) return binDir;
    throw new Error(`PostgreSQL's initdb and postgres are not in ${binDir}: ${POSTGRES_INSTALL_HINT}`);
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions)
      if (has(join(debian, version, 'bin'))) return join(debian, version, 'bin');
  }
  throw new Error(
    `PostgreSQL is not installed (no initdb and postgres on PATH or in ${debian}): ${POSTGRES_INSTALL_HINT}`,
  );
}

/**
 * PostgreSQL refuses to run as root. When the tests run as root (CI here does), the server runs as the
 * `postgres` system user that Debian's package creates.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `The tests run as root and PostgreSQL refuses to, but there is no "postgres" user to run it as: ${POSTGRES_INSTALL_HINT}`,
    );
  }
}

const running = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

/** A test runner that dies mid-run still leaves no server or directory behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const { child, dir } of running) {
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Starts a throwaway PostgreSQL: a fresh cluster in a temporary directory (owned by the `postgres` user when
 * running as root), listening on a free port of 127.0.0.1 only, with durability off (fsync, synchronous
 * commit) because the data dies with the test. Resolves once a client can connect. Throws an error that
 * names Debian's `postgresql` package when the binaries are missing.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  const bin = findPostgresBin(options.binDir);
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'inbox-hub-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const env = { ...process.env, HOME: dir, LC_ALL: 'C', LANG: 'C' };
  const asServer = user ? { uid: user.uid, gid: user.gid } : {};
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { env, cwd: dir, stdio: 'pipe', ...asServer },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`initdb failed: ${detail}`);
  }

  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    ...options.settings,
  };
  const args = ['-D', data, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(join(bin, 'postgres'), args, {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asServer,
  });
  const entry = { child, dir };
  running.add(entry);
  installExitHook();
  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep the tail only: a long test run must not grow this without bound.
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    running.delete(entry);
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForConnections(url, child, options.startTimeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    port,
    createDatabase: (name) => createPostgresDatabase(url, name),
    stop,
  };
}

let created = 0;

/**
 * Creates a fresh, empty database on the server of `adminUrl` (a superuser's URL, such as
 * {@link RunningPostgres.url}) and returns its URL. Works from any process, so test files that share one
 * server (started by a global setup) each get their own database.
 */
export async function createPostgresDatabase(adminUrl: string, name?: string): Promise<string> {
  const database = name ?? `test_${process.pid}_${Date.now().toString(36)}_${++created}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`createPostgresDatabase: "${database}" is not a plain lower-case identifier.`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function waitForConnections(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (true) {
    if (exited) throw new Error(`postgres exited before accepting connections. Its output:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      // Not ready yet: the server is still starting (or recovering); try again shortly.
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`postgres did not accept connections within ${timeoutMs} ms. Its output:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A fast shutdown (SIGINT: abort transactions, close clients), then SIGKILL if it hangs. */
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}
