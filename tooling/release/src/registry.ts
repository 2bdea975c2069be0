/**
 * A throwaway npm registry on loopback: Verdaccio, serving our packages only from what the rehearsal
 * publishes, and everything else through the machine's own registry (as npm would reach it). Users' steps
 * then run in empty folders whose only registry is this one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess, waitUntil } from '@inbox-hub/contract-testing';
import { binOf } from './checks.js';
import { OWN_NAME_PATTERNS } from './packages.js';

/** A running registry. */
export interface Registry {
  url: string;
  /** A user config (`.npmrc`) with this registry and a publish token. */
  npmrc: string;
  stop(): Promise<void>;
}

/** Options of {@link startRegistry}. */
export interface RegistryOptions {
  /** Where Verdaccio keeps packages: a folder of this run's own, so runs side by side cannot mix. */
  storage: string;
  /** A free port on 127.0.0.1. */
  port: number;
  /** Scratch folder for the config and the `.npmrc`. */
  workDir: string;
}

/** Where every other package comes from. */
const UPSTREAM = 'https://registry.npmjs.org/';

export async function startRegistry(options: RegistryOptions): Promise<Registry> {
  await mkdir(options.storage, { recursive: true });
  await mkdir(options.workDir, { recursive: true });
  const htpasswd = join(options.workDir, 'htpasswd');
  const config = join(options.workDir, 'verdaccio.yaml');
  const own = OWN_NAME_PATTERNS.map(
    (name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`,
  ).join('');
  await writeFile(
    config,
    `storage: ${JSON.stringify(options.storage)}
auth:
  htpasswd:
    file: ${JSON.stringify(htpasswd)}
    max_users: 10
uplinks:
  upstream:
    url: ${JSON.stringify(UPSTREAM)}
    timeout: 120s
    maxage: 60m
packages:
${own}  '**':
    access: $all
    proxy: upstream
web:
  enable: false
logs: { type: stdout, format: pretty, level: warn }
`,
  );
  const url = `http://127.0.0.1:${options.port}`;
  const verdaccio = startProcess(
    process.execPath,
    [binOf('verdaccio', 'bin/verdaccio'), '--config', config, '--listen', `127.0.0.1:${options.port}`],
    { env: { ...process.env, NODE_ENV: 'production' }, graceMs: 5_000 },
  );
  const stop = verdaccio.stop;
  try {
    await waitUntil(verdaccio, async () => (await fetch(`${url}/-/ping`)).ok, 'Verdaccio', {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    // A user for publishing, made through the registry's own API (what `npm adduser` does).
    const name = 'rehearsal';
    const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: `rehearsal-${process.pid}-${Date.now()}`, type: 'user' }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || !body.token)
      throw new Error(`Verdaccio refused the rehearsal user (HTTP ${response.status}).`);
    const npmrc = join(options.workDir, 'npmrc');
    await writeFile(npmrc, `registry=${url}/\n//127.0.0.1:${options.port}/:_authToken=${body.token}\n`, {
      mode: 0o600,
    });
    return { url, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
