/**
 * The one module that reads the environment, in the toolkit's one configuration dialect. Every setting is
 * checked at start, so a bad one stops the dashboard with a sentence that names the variable and the fix
 * instead of failing on the first request.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { boolean, ConfigError, number, port, readSettings, secret, text, url } from '@inbox-hub/config';
import { isPostgresUrl } from './store/open-store.js';

export { ConfigError };

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
  /**
   * A PostgreSQL URL, for replicas behind one URL: links, sign-outs and the one poll are shared there
   * instead of in `dataFile`. A secret (it may hold a password).
   */
  databaseUrl: string | undefined;
  /** Where the dashboard keeps its state: `databaseUrl` when set, else `dataFile`. */
  store: string;
  /** Take the client address from `X-Forwarded-For` (only behind a proxy that sets it). */
  trustProxy: boolean;
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
  databaseUrl: 'INBOX_HUB_DASHBOARD_DATABASE_URL',
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
  ${ENV.dataFile}        SQLite file of links, sign-outs and the shared poll
                                (default ~/.local/state/inbox-hub/dashboard.sqlite)
  ${ENV.databaseUrl}  postgres://… : PostgreSQL instead, for replicas behind one URL
  ${ENV.trustProxy}   1 behind a reverse proxy that sets X-Forwarded-For (default 0)
  ${ENV.insecureCookies}  1 to allow a plain-http public URL that is not this machine (not recommended)`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The settings, in the toolkit's one configuration dialect (`@inbox-hub/config`). */
function settings(env: NodeJS.ProcessEnv) {
  return {
    baseUrl: url({
      env: ENV.baseUrl,
      example: 'https://api.inbox-hub.com',
      required: 'set it to the API URL, such as https://api.inbox-hub.com.',
      help: 'the API URL',
    }),
    apiKey: secret({
      env: ENV.apiKey,
      required: 'set it to the Inbox Hub API key of the account.',
      help: 'API key',
    }),
    email: text({ env: ENV.email, help: 'account e-mail' }),
    password: secret({ exact: true, env: ENV.password, help: 'account password' }),
    operatorUser: text({ env: ENV.user, default: DEFAULTS.user, help: 'operator user name' }),
    operatorPassword: secret({
      exact: true,
      env: ENV.operatorPassword,
      minLength: 12,
      required: 'choose a password of at least 12 characters for the operator login.',
      help: 'operator password',
    }),
    secret: secret({
      env: ENV.secret,
      minLength: 32,
      required: 'set it to at least 32 random characters, e.g. the output of `openssl rand -hex 32`.',
      help: 'signing secret',
    }),
    host: text({ env: ENV.host, default: DEFAULTS.host, help: 'interface' }),
    port: port({ env: ENV.port, default: DEFAULTS.port, help: 'port' }),
    publicUrl: url({
      env: ENV.publicUrl,
      example: 'https://wa.example.com',
      origin: true,
      help: 'public URL',
    }),
    insecureCookies: boolean({ env: ENV.insecureCookies, help: 'allow plain-http cookies elsewhere' }),
    apiToken: secret({ env: ENV.apiToken, minLength: 24, help: 'connect-link API token' }),
    linkTtlHours: number({
      env: ENV.linkTtl,
      default: DEFAULTS.linkTtlHours,
      min: 0.01,
      max: 24 * 30,
      help: 'link lifetime',
    }),
    pollIntervalMs: integer(ENV.pollInterval),
    dataFile: text({
      env: ENV.dataFile,
      default: defaultDataFile(env),
      help: 'SQLite file of customer links',
    }),
    databaseUrl: secret({ env: ENV.databaseUrl, help: 'PostgreSQL URL, for replicas' }),
    trustProxy: boolean({ env: ENV.trustProxy, help: 'trust X-Forwarded-For' }),
  };
}

function integer(name: string) {
  return number({
    env: name,
    default: DEFAULTS.pollIntervalMs,
    min: 200,
    max: 60_000,
    integer: true,
    help: 'poll interval',
  });
}

/** `$XDG_STATE_HOME/inbox-hub/dashboard.sqlite`, else `~/.local/state/inbox-hub/dashboard.sqlite`. */
function defaultDataFile(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(state, 'inbox-hub', 'dashboard.sqlite');
}

/** Reads and checks the configuration. Throws {@link ConfigError} naming the variable and the fix. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  const { values: v } = readSettings(settings(env), { env, command: 'inbox-hub-dashboard' });
  if (Boolean(v.email) !== Boolean(v.password)) {
    throw new ConfigError(`Set both ${ENV.email} and ${ENV.password}, or neither.`, ENV.email);
  }
  if (v.secret === v.apiKey || v.secret === v.operatorPassword) {
    throw new ConfigError(
      `${ENV.secret} must differ from the API key and the operator password.`,
      ENV.secret,
    );
  }
  const publicUrl = new URL(
    v.publicUrl ?? `http://${v.host.includes(':') ? `[${v.host}]` : v.host}:${v.port}`,
  );
  if (publicUrl.protocol === 'http:' && !LOOPBACK.has(publicUrl.hostname) && !v.insecureCookies) {
    throw new ConfigError(
      `${ENV.publicUrl} is plain http on another machine: serve the dashboard over https (see the README's reverse-proxy section), or set ${ENV.insecureCookies}=1 to accept cookies sent in the clear.`,
      ENV.publicUrl,
    );
  }
  if (v.databaseUrl !== undefined && !isPostgresUrl(v.databaseUrl.trim())) {
    throw new ConfigError(
      `${ENV.databaseUrl} must be a PostgreSQL URL such as postgres://dashboard@db.example.com:5432/dashboard (unset it to use the SQLite file).`,
      ENV.databaseUrl,
    );
  }
  const databaseUrl = v.databaseUrl?.trim();
  return {
    baseUrl: v.baseUrl,
    apiKey: v.apiKey,
    email: v.email,
    password: v.password,
    operatorUser: v.operatorUser,
    operatorPassword: v.operatorPassword,
    secret: v.secret,
    host: v.host,
    port: v.port,
    publicUrl: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:',
    apiToken: v.apiToken,
    linkTtlMs: v.linkTtlHours * 3_600_000,
    pollIntervalMs: v.pollIntervalMs,
    dataFile: v.dataFile,
    databaseUrl,
    store: databaseUrl ?? v.dataFile,
    trustProxy: v.trustProxy,
  };
}
