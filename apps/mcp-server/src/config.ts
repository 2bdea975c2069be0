/**
 * The one place the server reads its environment and flags. Everything is checked at start, so a bad
 * setting stops the server with a sentence that names the variable and the fix, instead of failing later
 * inside a tool call that a model cannot repair.
 */
import {
  boolean,
  ConfigError,
  integer,
  list,
  oneOf,
  port,
  readSettings,
  secret,
  text,
  url,
} from '@inbox-hub/config';
import { TOOL_NAMES, type ToolName } from './tools/names.js';

export { ConfigError };

/** How the server talks to its MCP client. */
export type TransportMode = 'stdio' | 'http';

/** How much the server writes to stderr. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The validated configuration. */
export interface Config {
  /** Inbox Hub API base URL (`INBOX_HUB_BASE_URL`). */
  baseUrl: string;
  /** Inbox Hub API key (`INBOX_HUB_API_KEY`). A secret: never logged or returned. */
  apiKey: string;
  /** Account e-mail, for the routes that take a bearer JWT (`INBOX_HUB_EMAIL`). */
  email: string | undefined;
  /** Account password (`INBOX_HUB_PASSWORD`). A secret. */
  password: string | undefined;
  /** `stdio` (default) or `http` (`--http`). */
  transport: TransportMode;
  /** Only the tools that read (list, status, QR) are offered (`--read-only`, `INBOX_HUB_MCP_READ_ONLY`). */
  readOnly: boolean;
  /** The tools to offer; `undefined` means all (`--tools`, `INBOX_HUB_MCP_TOOLS`). */
  allowedTools: readonly ToolName[] | undefined;
  /** HTTP: the interface to listen on (`--host`, `INBOX_HUB_MCP_HOST`). */
  host: string;
  /** HTTP: the port (`--port`, `INBOX_HUB_MCP_PORT`). */
  port: number;
  /** HTTP: a bearer token every request must carry (`INBOX_HUB_MCP_TOKEN`). A secret. */
  httpToken: string | undefined;
  /** HTTP: the browser origins allowed; `undefined` means loopback origins only. */
  allowedOrigins: readonly string[] | undefined;
  /** How often subscribed resources are polled for changes, in ms (`INBOX_HUB_MCP_POLL_INTERVAL_MS`). */
  resourcePollIntervalMs: number;
  /** stderr verbosity (`INBOX_HUB_MCP_LOG_LEVEL`). */
  logLevel: LogLevel;
  /**
   * The dashboard's connect-link API (`INBOX_HUB_DASHBOARD_URL` + `INBOX_HUB_DASHBOARD_API_TOKEN`):
   * `create_connect_link` is offered only when it is set. The token is a secret.
   */
  dashboard: { url: string; token: string } | undefined;
  /**
   * When to offer the connect card (`INBOX_HUB_MCP_CARD`): `auto` offers it to clients that say they render
   * MCP Apps; over stateless HTTP, where later requests do not say, `auto` means off. `on`: always.
   */
  card: 'auto' | 'on' | 'off';
}

/** What the command line asked for besides running the server. */
export type Command = { kind: 'run'; config: Config } | { kind: 'help' } | { kind: 'version' };

/** The environment variables the server reads, for the README and `--help`. */
export const ENV = {
  baseUrl: 'INBOX_HUB_BASE_URL',
  apiKey: 'INBOX_HUB_API_KEY',
  email: 'INBOX_HUB_EMAIL',
  password: 'INBOX_HUB_PASSWORD',
  readOnly: 'INBOX_HUB_MCP_READ_ONLY',
  tools: 'INBOX_HUB_MCP_TOOLS',
  host: 'INBOX_HUB_MCP_HOST',
  port: 'INBOX_HUB_MCP_PORT',
  token: 'INBOX_HUB_MCP_TOKEN',
  allowedOrigins: 'INBOX_HUB_MCP_ALLOWED_ORIGINS',
  pollInterval: 'INBOX_HUB_MCP_POLL_INTERVAL_MS',
  logLevel: 'INBOX_HUB_MCP_LOG_LEVEL',
  dashboardUrl: 'INBOX_HUB_DASHBOARD_URL',
  dashboardToken: 'INBOX_HUB_DASHBOARD_API_TOKEN',
  card: 'INBOX_HUB_MCP_CARD',
} as const;

/** The port `--http` listens on when none is given. */
export const DEFAULT_PORT = 3333;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const MIN_TOKEN_LENGTH = 16;
/** The dashboard refuses shorter API tokens, so a shorter one here can only be a mistake. */
const MIN_DASHBOARD_TOKEN_LENGTH = 24;

/** The `--help` text. */
export const USAGE = `inbox-hub-mcp: MCP server for Inbox Hub WhatsApp sessions.

Usage: inbox-hub-mcp [--http] [--host HOST] [--port PORT] [--read-only] [--tools a,b,c]

  (no flag)        serve MCP over stdio (for Claude Desktop, Cursor, VS Code, Claude Code)
  --http           serve Streamable HTTP at http://HOST:PORT/mcp (stateless)
  --host HOST      interface to listen on (default 127.0.0.1; ${ENV.host})
  --port PORT      port to listen on (default ${DEFAULT_PORT}; ${ENV.port})
  --read-only      offer only list_sessions, get_session_status and get_qr_code (${ENV.readOnly})
  --tools LIST     offer only these tools, comma-separated (${ENV.tools})
  --help, --version

Required: ${ENV.baseUrl}, ${ENV.apiKey}. Optional: ${ENV.email} + ${ENV.password}, ${ENV.token},
${ENV.allowedOrigins}, ${ENV.pollInterval}, ${ENV.logLevel}, ${ENV.card} (auto, on, off), and
${ENV.dashboardUrl} + ${ENV.dashboardToken} (the dashboard's connect-link API, for create_connect_link).
`;

type Env = Readonly<Record<string, string | undefined>>;

/** The settings, in the toolkit's one configuration dialect (`@inbox-hub/config`). */
const SETTINGS = {
  baseUrl: url({
    env: ENV.baseUrl,
    example: 'https://api.inbox-hub.com',
    required:
      'set it to the Inbox Hub API URL, such as https://api.inbox-hub.com (or http://127.0.0.1:4010 for the local mock).',
    help: 'Inbox Hub API URL',
  }),
  apiKey: secret({
    env: ENV.apiKey,
    required: `set it to your Inbox Hub API key (for the local mock any value works, e.g. ${ENV.apiKey}=test).`,
    help: 'API key',
  }),
  email: text({ env: ENV.email, help: 'account e-mail' }),
  password: secret({ exact: true, env: ENV.password, help: 'account password' }),
  http: boolean({ flag: '--http', help: 'serve Streamable HTTP' }),
  stdio: boolean({ flag: '--stdio', help: 'serve stdio (the default)' }),
  readOnly: boolean({ flag: '--read-only', env: ENV.readOnly, help: 'read-only tools' }),
  tools: list<ToolName>({
    flag: '--tools',
    env: ENV.tools,
    help: 'the tools to offer',
    item: (name, fail) =>
      (TOOL_NAMES as readonly string[]).includes(name)
        ? (name as ToolName)
        : fail(`it is not a tool: choose from ${TOOL_NAMES.join(', ')}.`),
  }),
  host: text({ flag: '--host', env: ENV.host, default: '127.0.0.1', help: 'interface' }),
  port: port({ flag: '--port', env: ENV.port, default: DEFAULT_PORT, help: 'port' }),
  httpToken: secret({ env: ENV.token, minLength: MIN_TOKEN_LENGTH, help: 'HTTP bearer token' }),
  allowedOrigins: list<string>({
    env: ENV.allowedOrigins,
    help: 'browser origins allowed',
    item: (value, fail) => {
      try {
        return new URL(value).origin;
      } catch {
        return fail('it is not an origin: use values like https://app.example.com.');
      }
    },
  }),
  resourcePollIntervalMs: integer({
    env: ENV.pollInterval,
    default: 5_000,
    min: 250,
    max: 3_600_000,
    help: 'resource poll interval (ms)',
  }),
  logLevel: oneOf({ env: ENV.logLevel, values: LOG_LEVELS, default: 'info', help: 'stderr verbosity' }),
  card: oneOf({
    env: ENV.card,
    values: ['auto', 'on', 'off'] as const,
    default: 'auto',
    help: 'connect card: auto shows it to clients that render MCP Apps',
  }),
  dashboardUrl: url({ env: ENV.dashboardUrl, example: 'https://wa.example.com', help: 'dashboard URL' }),
  dashboardToken: secret({
    env: ENV.dashboardToken,
    minLength: MIN_DASHBOARD_TOKEN_LENGTH,
    help: "dashboard's API token",
  }),
};

/**
 * Parses the flags and environment into a {@link Command}. Throws {@link ConfigError} on anything
 * invalid; it reads nothing but its arguments, so tests pass their own `argv` and `env`.
 */
export function parseCommand(argv: readonly string[], env: Env): Command {
  // Help and version need no settings: answer them before anything is checked.
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' };
  if (argv.some((arg) => arg === '--version' || arg === '-v')) return { kind: 'version' };
  const { values: v } = readSettings(SETTINGS, { argv, env, command: 'inbox-hub-mcp' });

  if (Boolean(v.email) !== Boolean(v.password)) {
    const missing = v.email ? ENV.password : ENV.email;
    throw new ConfigError(
      `${missing} is not set: set both ${ENV.email} and ${ENV.password}, or neither.`,
      missing,
    );
  }
  if (v.http && v.stdio) throw new ConfigError('Give --http or --stdio, not both.', '--http');
  const transport: TransportMode = v.http ? 'http' : 'stdio';
  if (transport === 'http' && !LOOPBACK_HOSTS.has(v.host) && v.httpToken === undefined) {
    throw new ConfigError(
      `--host ${v.host} exposes the server beyond this machine without authentication: set ${ENV.token} to a random secret, or listen on 127.0.0.1.`,
      ENV.token,
    );
  }
  const dashboard = checkDashboard(v.dashboardUrl, v.dashboardToken);
  if (dashboard === undefined && v.tools?.includes('create_connect_link')) {
    throw new ConfigError(
      `${ENV.tools} names create_connect_link, which needs the dashboard's connect-link API: set ${ENV.dashboardUrl} and ${ENV.dashboardToken}, or remove it from the list.`,
      ENV.tools,
    );
  }

  return {
    kind: 'run',
    config: {
      baseUrl: v.baseUrl,
      apiKey: v.apiKey,
      email: v.email,
      password: v.password,
      transport,
      readOnly: v.readOnly,
      allowedTools: v.tools,
      host: v.host,
      port: v.port,
      httpToken: v.httpToken,
      allowedOrigins: v.allowedOrigins,
      resourcePollIntervalMs: v.resourcePollIntervalMs,
      logLevel: v.logLevel,
      dashboard,
      card: v.card,
    },
  };
}

/** The dashboard's connect-link API: both settings or neither, and never a token in clear over a network. */
function checkDashboard(
  dashboardUrl: string | undefined,
  token: string | undefined,
): { url: string; token: string } | undefined {
  if (dashboardUrl === undefined && token === undefined) return undefined;
  if (dashboardUrl === undefined || token === undefined) {
    const missing = dashboardUrl === undefined ? ENV.dashboardUrl : ENV.dashboardToken;
    throw new ConfigError(
      `${missing} is not set: set both ${ENV.dashboardUrl} and ${ENV.dashboardToken} (the dashboard's API token), or neither.`,
      missing,
    );
  }
  const parsed = new URL(dashboardUrl);
  // The token travels in every request: over plain http it would cross the network readable.
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new ConfigError(
      `${ENV.dashboardUrl} uses http:// to another machine, which would send ${ENV.dashboardToken} unencrypted: use https:// (or a dashboard on 127.0.0.1).`,
      ENV.dashboardUrl,
    );
  }
  return { url: dashboardUrl, token };
}
