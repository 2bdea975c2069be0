import { homedir } from 'node:os';
import { join } from 'node:path';
/**
 * The one module that reads the environment. Every setting is checked at start, so a bad one stops the
 * dashboard with a sentence that names the variable and the fix instead of failing on the first request.
 */

/** The validated configuration. */
export interface DashboardConfig {
  /** Inbox Hub API base URL (`INBOX_HUB_BASE_URL`). */
  baseUrl: string;
  /** Inbox Hub API key (`INBOX_HUB_API_KEY`). A secret: only the server holds it. */
  apiKey: string;
  /** Optional account login for the routes that take a bearer JWT. Secrets. */
  email: string | undefined;
  password: string | undefined;
  /** The operator's user name and password. */
  operatorUser: string;
  operatorPassword: string;
  /** Signs the session cookie, CSRF tokens and connect links. Changing it signs everyone out and voids every link. */
  secret: string;
  /** Interface and port to listen on. */
  host: string;
  port: number;
  /** The address people open (the reverse proxy's), used in connect links and to check `Origin`. */
  publicUrl: string;
  /** Cookies carry `Secure` (and the `__Host-` prefix): true unless the public URL is plain http. */
  secureCookies: boolean;
  /** Bearer token of `POST /api/connect-links`; the endpoint is off when unset. A secret. */
  apiToken: string | undefined;
  /** Lifetime of a connect link, in ms. */
  linkTtlMs: number;
  /** Time between two polls of Inbox Hub while a page is open, in ms. */
  pollIntervalMs: number;
  /** The SQLite file that keeps the customer links and which are spent, so a restart cannot revive one. */
  dataFile: string;
  /** Take the client address from `X-Forwarded-For` (only behind a proxy that sets it). */
  trustProxy: boolean;
}

/** A setting is missing or invalid; the message says which and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The environment variables, for `--help` and the README. */
export const ENV = {
  baseUrl: 'INBOX_HUB_BASE_URL',
  apiKey: 'INBOX_HUB_API_KEY',
  email: 'INBOX_HUB_EMAIL',
  password: 'INBOX_HUB_PASSWORD',
  user: 'INBOX_HUB_DASHBOARD_USER',
  operatorPassword: 'INBOX_HUB_DASHBOARD_PASSWORD',
  secret: 'INBOX_HUB_DASHBOARD_SECRET',
  host: 'INBOX_HUB_DASHBOARD_HOST',
  port: 'INBOX_HUB_DASHBOARD_PORT',
  publicUrl: 'INBOX_HUB_DASHBOARD_PUBLIC_URL',
  insecureCookies: 'INBOX_HUB_DASHBOARD_INSECURE_COOKIES',
  apiToken: 'INBOX_HUB_DASHBOARD_API_TOKEN',
  linkTtl: 'INBOX_HUB_DASHBOARD_LINK_TTL_HOURS',
  pollInterval: 'INBOX_HUB_DASHBOARD_POLL_INTERVAL_MS',
  dataFile: 'INBOX_HUB_DASHBOARD_DATA',
  trustProxy: 'INBOX_HUB_DASHBOARD_TRUST_PROXY',
} as const;

/** Defaults, for the README and `--help`. */
export const DEFAULTS = {
  user: 'operator',
  host: '127.0.0.1',
  port: 4020,
  linkTtlHours: 24,
  pollIntervalMs: 3000,
} as const;

/** `inbox-hub-dashboard --help`. */
export const USAGE = `inbox-hub-dashboard: the operator dashboard and customer connect links for Inbox Hub.

Usage: inbox-hub-dashboard        (configured only through the environment)

Required:
  ${ENV.baseUrl}              the API's URL, such as https://api.inbox-hub.com
  ${ENV.apiKey}               the account API key (stays on this server)
  ${ENV.operatorPassword}     the operator's password (at least 12 characters)
  ${ENV.secret}       signs cookies and links (at least 32 characters; e.g. openssl rand -hex 32)
Optional:
  ${ENV.email}, ${ENV.password}   the account login, for routes that take a bearer JWT
  ${ENV.user}         the operator's user name (default ${DEFAULTS.user})
  ${ENV.host}         interface to listen on (default ${DEFAULTS.host})
  ${ENV.port}         port (default ${DEFAULTS.port})
  ${ENV.publicUrl}   the URL people open, e.g. https://wa.example.com (default http://HOST:PORT)
  ${ENV.apiToken}    enables POST /api/connect-links for the MCP server and n8n (at least 24 characters)
  ${ENV.linkTtl}  connect-link lifetime in hours (default ${DEFAULTS.linkTtlHours})
  ${ENV.pollInterval}  how often Inbox Hub is polled while a page is open (default ${DEFAULTS.pollIntervalMs})
  ${ENV.dataFile}        SQLite file of customer links (default ~/.local/state/inbox-hub/dashboard.sqlite)
  ${ENV.trustProxy}   1 behind a reverse proxy that sets X-Forwarded-For (default 0)
  ${ENV.insecureCookies}  1 to allow a plain-http public URL that is not this machine (not recommended)`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${env[name]}".`);
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function url(name: string, raw: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: set it to something like https://wa.example.com.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} must start with http:// or https://, got "${parsed.protocol}".`);
  }
  return parsed;
}

function required(env: NodeJS.ProcessEnv, name: string, fix: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set: ${fix}`);
  return value;
}

/** `$XDG_STATE_HOME/inbox-hub/dashboard.sqlite`, else `~/.local/state/inbox-hub/dashboard.sqlite`. */
function defaultDataFile(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(state, 'inbox-hub', 'dashboard.sqlite');
}

/** Reads and checks the configuration. Throws {@link ConfigError} naming the variable and the fix. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  const baseUrl = url(
    ENV.baseUrl,
    required(env, ENV.baseUrl, 'set it to the API URL, such as https://api.inbox-hub.com.'),
  );
  const apiKey = required(env, ENV.apiKey, 'set it to the Inbox Hub API key of the account.');
  const email = env[ENV.email]?.trim() || undefined;
  const password = env[ENV.password] || undefined;
  if (Boolean(email) !== Boolean(password)) {
    throw new ConfigError(`Set both ${ENV.email} and ${ENV.password}, or neither.`);
  }
  const operatorUser = env[ENV.user]?.trim() || DEFAULTS.user;
  const operatorPassword = required(
    env,
    ENV.operatorPassword,
    'choose a password of at least 12 characters for the operator login.',
  );
  if (operatorPassword.length < 12) {
    throw new ConfigError(`${ENV.operatorPassword} is too short: use at least 12 characters.`);
  }
  const secret = required(
    env,
    ENV.secret,
    'set it to at least 32 random characters, e.g. the output of `openssl rand -hex 32`.',
  );
  if (secret.length < 32)
    throw new ConfigError(`${ENV.secret} is too short: use at least 32 random characters.`);
  if (secret === apiKey || secret === operatorPassword) {
    throw new ConfigError(`${ENV.secret} must differ from the API key and the operator password.`);
  }
  const host = env[ENV.host]?.trim() || DEFAULTS.host;
  const port = number(env, ENV.port, DEFAULTS.port, 0, 65_535);
  const publicRaw = env[ENV.publicUrl]?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = url(ENV.publicUrl, publicRaw);
  if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
    throw new ConfigError(
      `${ENV.publicUrl} must be an origin without a path, such as https://wa.example.com.`,
    );
  }
  const insecure = flag(env, ENV.insecureCookies);
  if (publicUrl.protocol === 'http:' && !LOOPBACK.has(publicUrl.hostname) && !insecure) {
    throw new ConfigError(
      `${ENV.publicUrl} is plain http on another machine: serve the dashboard over https (see the README's reverse-proxy section), or set ${ENV.insecureCookies}=1 to accept cookies sent in the clear.`,
    );
  }
  const apiToken = env[ENV.apiToken]?.trim() || undefined;
  if (apiToken !== undefined && apiToken.length < 24) {
    throw new ConfigError(`${ENV.apiToken} is too short: use at least 24 random characters.`);
  }
  return {
    baseUrl: baseUrl.toString().replace(/\/$/, ''),
    apiKey,
    email,
    password,
    operatorUser,
    operatorPassword,
    secret,
    host,
    port,
    publicUrl: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:',
    apiToken,
    linkTtlMs: number(env, ENV.linkTtl, DEFAULTS.linkTtlHours, 0.01, 24 * 30) * 3_600_000,
    pollIntervalMs: number(env, ENV.pollInterval, DEFAULTS.pollIntervalMs, 200, 60_000),
    dataFile: env[ENV.dataFile]?.trim() || defaultDataFile(env),
    trustProxy: flag(env, ENV.trustProxy),
  };
}
