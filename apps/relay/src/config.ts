/**
 * The relay's settings, in the toolkit's one configuration dialect (`@inbox-hub/config`): a flag, else an
 * environment variable, else the default. Every setting is checked before anything starts, and a bad one
 * stops the relay with a sentence naming the flag or variable and the fix (never repeating a secret).
 */
import { WATCH_EVENT_TYPES } from '@inbox-hub/client';
import {
  boolean,
  ConfigError,
  describeSettings,
  integer,
  list,
  port,
  readSettings,
  type Spec,
  secret,
  text,
  url,
} from '@inbox-hub/config';
import { RELAY_DEFAULTS } from './defaults.js';
import { ENDPOINT_NAME, type Endpoint, envSuffix, parseEventTypes, secretProblem } from './endpoints.js';
import type { StorageTarget } from './storage/open.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the outbox is: every command reads these. */
export const storageSpec = {
  db: text({
    env: 'INBOX_HUB_RELAY_DB',
    flag: '--db',
    default: 'inbox-hub-relay.db',
    help: 'SQLite file of the outbox, for one relay (default inbox-hub-relay.db)',
  }),
  databaseUrl: secret({
    env: 'INBOX_HUB_RELAY_DATABASE_URL',
    help: 'postgres://… : use PostgreSQL instead, for several relays (environment only: it may hold a password)',
  }),
} satisfies Spec;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Settings of `inbox-hub-relay` (run). Endpoint secrets and filters are read per endpoint, see below. */
export const runSpec = {
  baseUrl: url({
    env: 'INBOX_HUB_BASE_URL',
    flag: '--base-url',
    example: 'https://api.inbox-hub.com',
    required: 'set it to the Inbox Hub API URL, such as https://api.inbox-hub.com.',
    help: 'the Inbox Hub API URL (required)',
  }),
  apiKey: secret({
    env: 'INBOX_HUB_API_KEY',
    required: 'set it to the account API key (the relay only lists sessions).',
    help: 'the account API key (required; environment only)',
  }),
  endpoints: {
    ...list({
      env: 'INBOX_HUB_RELAY_ENDPOINTS',
      flag: '--endpoint',
      help: 'NAME=URL of a receiver (repeat the flag, or comma-separate); each needs INBOX_HUB_RELAY_SECRET_<NAME>',
      item: (value) => parseEndpoint(value),
    }),
    repeatable: true,
  },
  ...storageSpec,
  intervalMs: integer({
    env: 'INBOX_HUB_RELAY_INTERVAL_MS',
    flag: '--interval-ms',
    default: RELAY_DEFAULTS.intervalMs,
    min: 100,
    max: 3_600_000,
    help: `time between two polls (one list request each), ms (default ${RELAY_DEFAULTS.intervalMs})`,
  }),
  announceExisting: boolean({
    env: 'INBOX_HUB_RELAY_ANNOUNCE_EXISTING',
    flag: '--announce-existing',
    help: 'on the very first start, send session.created for the sessions that already exist',
  }),
  resyncEveryMs: integer({
    env: 'INBOX_HUB_RELAY_RESYNC_EVERY_MS',
    min: 10_000,
    max: 7 * 86_400_000,
    help: "send every session's state (session.snapshot) this often, ms (off by default)",
  }),
  loopChanges: integer({
    env: 'INBOX_HUB_RELAY_LOOP_CHANGES',
    default: 3,
    min: 2,
    max: 1_000,
    help: 'status changes within the loop window that make a reconnect loop (default 3)',
  }),
  loopWindowMs: integer({
    env: 'INBOX_HUB_RELAY_LOOP_WINDOW_MS',
    default: 60_000,
    min: 1_000,
    max: 86_400_000,
    help: 'the reconnect-loop window, ms (default 60000)',
  }),
  staleAfterMs: integer({
    env: 'INBOX_HUB_RELAY_STALE_AFTER_MS',
    min: 1_000,
    max: 30 * 86_400_000,
    help: 'send session.stale after this long without activity, ms (off by default)',
  }),
  concurrency: integer({
    env: 'INBOX_HUB_RELAY_CONCURRENCY',
    flag: '--concurrency',
    default: RELAY_DEFAULTS.concurrency,
    min: 1,
    max: 256,
    help: `deliveries in flight at once, per instance (default ${RELAY_DEFAULTS.concurrency})`,
  }),
  timeoutMs: integer({
    env: 'INBOX_HUB_RELAY_TIMEOUT_MS',
    default: RELAY_DEFAULTS.timeoutMs,
    min: 100,
    max: 120_000,
    help: `time a receiver has to answer one delivery, ms (default ${RELAY_DEFAULTS.timeoutMs})`,
  }),
  leaseMs: integer({
    env: 'INBOX_HUB_RELAY_LEASE_MS',
    min: 1_000,
    max: 3_600_000,
    help: `how long a claimed delivery stays with its instance, ms; more than the timeout (default timeout + ${RELAY_DEFAULTS.leaseMarginMs})`,
  }),
  maxAttempts: integer({
    env: 'INBOX_HUB_RELAY_MAX_ATTEMPTS',
    default: RELAY_DEFAULTS.retry.maxAttempts,
    min: 1,
    max: 100,
    help: `attempts before a delivery is dead (default ${RELAY_DEFAULTS.retry.maxAttempts}, about 2.5 h with the default backoff)`,
  }),
  retryBaseMs: integer({
    env: 'INBOX_HUB_RELAY_RETRY_BASE_MS',
    default: RELAY_DEFAULTS.retry.baseMs,
    min: 1,
    max: 3_600_000,
    help: `first wait after a failure, ms; doubles each time, with jitter (default ${RELAY_DEFAULTS.retry.baseMs})`,
  }),
  retryMaxMs: integer({
    env: 'INBOX_HUB_RELAY_RETRY_MAX_MS',
    default: RELAY_DEFAULTS.retry.maxMs,
    min: 1,
    max: 86_400_000,
    help: `longest wait between two attempts, ms (default ${RELAY_DEFAULTS.retry.maxMs})`,
  }),
  claimIntervalMs: integer({
    env: 'INBOX_HUB_RELAY_CLAIM_INTERVAL_MS',
    default: RELAY_DEFAULTS.claimIntervalMs,
    min: 10,
    max: 60_000,
    help: `how often an idle instance looks for due deliveries, ms (default ${RELAY_DEFAULTS.claimIntervalMs})`,
  }),
  shutdownGraceMs: integer({
    env: 'INBOX_HUB_RELAY_SHUTDOWN_GRACE_MS',
    default: RELAY_DEFAULTS.shutdownGraceMs,
    min: 0,
    max: 300_000,
    help: `on SIGTERM, how long deliveries in flight may finish before they are handed back, ms (default ${RELAY_DEFAULTS.shutdownGraceMs})`,
  }),
  host: text({
    env: 'INBOX_HUB_RELAY_HOST',
    flag: '--host',
    default: '127.0.0.1',
    help: 'interface of the SSE server (default 127.0.0.1: this machine only)',
  }),
  port: port({
    env: 'INBOX_HUB_RELAY_PORT',
    flag: '--port',
    default: 4030,
    help: 'port of the SSE server (default 4030; 0 picks one)',
  }),
  sseToken: secret({
    env: 'INBOX_HUB_RELAY_SSE_TOKEN',
    minLength: 24,
    help: 'bearer token GET /events asks for (required off loopback; environment only)',
  }),
  noHttp: boolean({ env: 'INBOX_HUB_RELAY_NO_HTTP', flag: '--no-http', help: 'run without the SSE server' }),
  instance: text({
    env: 'INBOX_HUB_RELAY_INSTANCE',
    flag: '--instance',
    help: 'this instance’s name in the outbox and logs (default <hostname>-<pid>)',
  }),
} satisfies Spec;

/** An endpoint as given in `NAME=URL`, before its secret and filter are read. */
interface EndpointAddress {
  name: string;
  url: string;
}

const endpointUrl = url({ example: 'https://crm.example.com/webhooks/inbox-hub', help: '' });

/** Reads `NAME=URL`. Throws ConfigError; never repeats a URL that holds a credential. */
function parseEndpoint(value: string): EndpointAddress {
  const eq = value.indexOf('=');
  const name = eq === -1 ? '' : value.slice(0, eq).trim();
  if (!ENDPOINT_NAME.test(name)) {
    throw new ConfigError(
      'INBOX_HUB_RELAY_ENDPOINTS (or --endpoint) takes NAME=URL, with a NAME of lower-case letters, digits and _ (starting with a letter, at most 32), such as crm=https://crm.example.com/webhooks/inbox-hub.',
      'INBOX_HUB_RELAY_ENDPOINTS',
    );
  }
  const where = `The URL of endpoint "${name}" (INBOX_HUB_RELAY_ENDPOINTS or --endpoint)`;
  let address: string | undefined;
  try {
    address = endpointUrl.read(value.slice(eq + 1), where);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.message, 'INBOX_HUB_RELAY_ENDPOINTS');
    throw error;
  }
  if (address === undefined) {
    throw new ConfigError(`${where} is missing: write ${name}=https://…`, 'INBOX_HUB_RELAY_ENDPOINTS');
  }
  return { name, url: address };
}

/** The validated settings of a running relay. */
export interface RunConfig {
  baseUrl: string;
  apiKey: string;
  endpoints: Endpoint[];
  storage: StorageTarget;
  intervalMs: number;
  announceExisting: boolean;
  resyncEveryMs: number | undefined;
  reconnectLoop: { changes: number; windowMs: number };
  staleAfterMs: number | undefined;
  concurrency: number;
  timeoutMs: number;
  leaseMs: number;
  retry: { baseMs: number; maxMs: number; maxAttempts: number };
  claimIntervalMs: number;
  shutdownGraceMs: number;
  http: { host: string; port: number; token: string | undefined } | undefined;
  instance: string | undefined;
}

/** Reads the storage settings. */
export function readStorage(values: { db: string; databaseUrl: string | undefined }): StorageTarget {
  if (values.databaseUrl === undefined) return { kind: 'sqlite', file: values.db };
  let parsed: URL | undefined;
  try {
    parsed = new URL(values.databaseUrl.trim());
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new ConfigError(
      'INBOX_HUB_RELAY_DATABASE_URL must be a PostgreSQL URL such as postgres://relay@db.example.com:5432/relay (unset it to use SQLite).',
      'INBOX_HUB_RELAY_DATABASE_URL',
    );
  }
  return { kind: 'postgres', url: values.databaseUrl.trim() };
}

/** Reads one endpoint's secret and event filter: `INBOX_HUB_RELAY_SECRET_<NAME>`, `INBOX_HUB_RELAY_EVENTS_<NAME>`. */
function completeEndpoint(address: EndpointAddress, env: Env): Endpoint {
  const secretEnv = `INBOX_HUB_RELAY_SECRET_${envSuffix(address.name)}`;
  const eventsEnv = `INBOX_HUB_RELAY_EVENTS_${envSuffix(address.name)}`;
  const { values } = readSettings(
    {
      secret: secret({
        env: secretEnv,
        required: `set it to endpoint "${address.name}"'s signing secret (whsec_…; inbox-hub-relay new-secret makes one, and the receiver verifies with the same).`,
        help: '',
      }),
      events: text({ env: eventsEnv, help: '' }),
    },
    { env, command: 'inbox-hub-relay' },
  );
  const problem = secretProblem(values.secret);
  if (problem) throw new ConfigError(`${secretEnv} is not a Standard Webhooks secret: ${problem}`, secretEnv);
  const events = parseEventTypes(values.events ?? 'all');
  if (typeof events === 'object' && 'error' in events) {
    throw new ConfigError(`${eventsEnv} has ${events.error}`, eventsEnv);
  }
  return { ...address, secret: values.secret, events };
}

/** Reads and checks every setting of a run. Throws {@link ConfigError}. */
export function readRunConfig(argv: readonly string[], env: Env): RunConfig {
  const { values } = readSettings(runSpec, { argv, env, command: 'inbox-hub-relay' });
  const addresses = values.endpoints ?? [];
  const seen = new Set<string>();
  for (const { name } of addresses) {
    if (seen.has(name)) {
      throw new ConfigError(
        `Endpoint "${name}" is given twice in INBOX_HUB_RELAY_ENDPOINTS (or --endpoint): give each endpoint its own name.`,
        'INBOX_HUB_RELAY_ENDPOINTS',
      );
    }
    seen.add(name);
  }
  const endpoints = addresses.map((address) => completeEndpoint(address, env));
  if (values.retryMaxMs < values.retryBaseMs) {
    throw new ConfigError(
      `INBOX_HUB_RELAY_RETRY_MAX_MS (${values.retryMaxMs}) is below INBOX_HUB_RELAY_RETRY_BASE_MS (${values.retryBaseMs}): raise it, or lower the base.`,
      'INBOX_HUB_RELAY_RETRY_MAX_MS',
    );
  }
  const leaseMs = values.leaseMs ?? values.timeoutMs + RELAY_DEFAULTS.leaseMarginMs;
  if (leaseMs <= values.timeoutMs) {
    throw new ConfigError(
      `INBOX_HUB_RELAY_LEASE_MS (${leaseMs}) must be longer than INBOX_HUB_RELAY_TIMEOUT_MS (${values.timeoutMs}), or an instance could lose a delivery it is still sending.`,
      'INBOX_HUB_RELAY_LEASE_MS',
    );
  }
  const http = values.noHttp ? undefined : { host: values.host, port: values.port, token: values.sseToken };
  if (http && !LOOPBACK.has(http.host) && http.token === undefined) {
    throw new ConfigError(
      `INBOX_HUB_RELAY_HOST is ${http.host}, reachable from other machines: set INBOX_HUB_RELAY_SSE_TOKEN (at least 24 random characters, e.g. openssl rand -hex 24) so only dashboards holding it can read the events.`,
      'INBOX_HUB_RELAY_SSE_TOKEN',
    );
  }
  return {
    baseUrl: values.baseUrl,
    apiKey: values.apiKey,
    endpoints,
    storage: readStorage(values),
    intervalMs: values.intervalMs,
    announceExisting: values.announceExisting,
    resyncEveryMs: values.resyncEveryMs,
    reconnectLoop: { changes: values.loopChanges, windowMs: values.loopWindowMs },
    staleAfterMs: values.staleAfterMs,
    concurrency: values.concurrency,
    timeoutMs: values.timeoutMs,
    leaseMs,
    retry: { baseMs: values.retryBaseMs, maxMs: values.retryMaxMs, maxAttempts: values.maxAttempts },
    claimIntervalMs: values.claimIntervalMs,
    shutdownGraceMs: values.shutdownGraceMs,
    http,
    instance: values.instance,
  };
}

/** `inbox-hub-relay --help`. */
export function usage(): string {
  return `inbox-hub-relay: Inbox Hub session events, signed as Standard Webhooks and delivered to your CRM
through a durable outbox, plus an SSE stream for dashboards.

Usage:
  inbox-hub-relay [run] [options]        poll every session (one request per tick) and deliver the events
  inbox-hub-relay outbox list [--status pending|delivering|delivered|dead] [--endpoint NAME] [--limit N] [--json]
  inbox-hub-relay outbox replay <id>... | --all-dead
  inbox-hub-relay outbox purge --delivered|--dead --older-than 7d
  inbox-hub-relay new-secret             print a new endpoint secret (whsec_…)

Settings (a flag wins over its variable):
${describeSettings(runSpec)}

Per endpoint NAME (variables, upper-cased name):
  INBOX_HUB_RELAY_SECRET_<NAME>          its signing secret, whsec_… (required; never logged)
  INBOX_HUB_RELAY_EVENTS_<NAME>          the event types it gets, joined with + (default all):
                                         ${WATCH_EVENT_TYPES.join(' ')}

Example:
  INBOX_HUB_BASE_URL=https://api.inbox-hub.com INBOX_HUB_API_KEY=… \\
  INBOX_HUB_RELAY_ENDPOINTS=crm=https://crm.example.com/webhooks/inbox-hub \\
  INBOX_HUB_RELAY_SECRET_CRM=whsec_… inbox-hub-relay`;
}
