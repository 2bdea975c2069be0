/**
 * The one place the server reads its environment and flags. Everything is checked at start, so a bad
 * setting stops the server with a sentence that names the variable and the fix, instead of failing later
 * inside a tool call that a model cannot repair.
 */
import { TOOL_NAMES, type ToolName } from './tools/names.js';

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
   * When to offer the connect card (`INBOX_HUB_MCP_CARD`): `auto` offers it to clients that say they render
   * MCP Apps; over stateless HTTP, where later requests do not say, `auto` means off. `on`: always.
   */
  card: 'auto' | 'on' | 'off';
}

/** What the command line asked for besides running the server. */
export type Command = { kind: 'run'; config: Config } | { kind: 'help' } | { kind: 'version' };

/** A setting is missing or invalid; `message` says which and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

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
  card: 'INBOX_HUB_MCP_CARD',
} as const;

/** The port `--http` listens on when none is given. */
export const DEFAULT_PORT = 3333;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const MIN_TOKEN_LENGTH = 16;

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
${ENV.allowedOrigins}, ${ENV.pollInterval}, ${ENV.logLevel}, ${ENV.card} (auto, on, off).
`;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the flags and environment into a {@link Command}. Throws {@link ConfigError} on anything
 * invalid; it reads nothing but its arguments, so tests pass their own `argv` and `env`.
 */
export function parseCommand(argv: readonly string[], env: Env): Command {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };

  const baseUrl = checkBaseUrl(env[ENV.baseUrl]);
  const apiKey = nonEmpty(env[ENV.apiKey]);
  if (!apiKey) {
    throw new ConfigError(
      `${ENV.apiKey} is not set: set it to your Inbox Hub API key (for the local mock any value works, e.g. ${ENV.apiKey}=test).`,
    );
  }
  const email = nonEmpty(env[ENV.email]);
  const password = nonEmpty(env[ENV.password]);
  if (Boolean(email) !== Boolean(password)) {
    throw new ConfigError(
      `${email ? ENV.password : ENV.email} is not set: set both ${ENV.email} and ${ENV.password}, or neither.`,
    );
  }

  const transport: TransportMode = flags.http ? 'http' : 'stdio';
  const readOnly = flags.readOnly || parseBoolean(env[ENV.readOnly], ENV.readOnly);
  const allowedTools = parseTools(flags.tools ?? env[ENV.tools]);
  const host = flags.host ?? nonEmpty(env[ENV.host]) ?? '127.0.0.1';
  const port = parsePort(flags.port ?? env[ENV.port]);
  const httpToken = nonEmpty(env[ENV.token]);
  if (httpToken !== undefined && httpToken.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `${ENV.token} is too short: use at least ${MIN_TOKEN_LENGTH} random characters (for example: openssl rand -hex 32).`,
    );
  }
  if (transport === 'http' && !LOOPBACK_HOSTS.has(host) && httpToken === undefined) {
    throw new ConfigError(
      `--host ${host} exposes the server beyond this machine without authentication: set ${ENV.token} to a random secret, or listen on 127.0.0.1.`,
    );
  }
  const allowedOrigins = parseOrigins(env[ENV.allowedOrigins]);
  const resourcePollIntervalMs = parseInteger(env[ENV.pollInterval], ENV.pollInterval, 5_000, 250, 3_600_000);
  const logLevel = parseLogLevel(env[ENV.logLevel]);
  const card = parseCardMode(env[ENV.card]);

  return {
    kind: 'run',
    config: {
      baseUrl,
      apiKey,
      email,
      password,
      transport,
      readOnly,
      allowedTools,
      host,
      port,
      httpToken,
      allowedOrigins,
      resourcePollIntervalMs,
      logLevel,
      card,
    },
  };
}

/** True when `host` is a loopback name or address. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

interface Flags {
  http: boolean;
  readOnly: boolean;
  help: boolean;
  version: boolean;
  host?: string;
  port?: string;
  tools?: string;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { http: false, readOnly: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new ConfigError(`${name} needs a value, e.g. ${name}=...`);
      return next;
    };
    switch (name) {
      case '--http':
        flags.http = true;
        break;
      case '--stdio':
        flags.http = false;
        break;
      case '--read-only':
        flags.readOnly = true;
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      case '--version':
      case '-v':
        flags.version = true;
        break;
      case '--host':
        flags.host = value();
        break;
      case '--port':
        flags.port = value();
        break;
      case '--tools':
        flags.tools = value();
        break;
      default:
        throw new ConfigError(`Unknown option "${arg}". Run inbox-hub-mcp --help for the options.`);
    }
  }
  return flags;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkBaseUrl(raw: string | undefined): string {
  const value = nonEmpty(raw);
  if (!value) {
    throw new ConfigError(
      `${ENV.baseUrl} is not set: set it to the Inbox Hub API URL, such as https://api.inbox-hub.com (or http://127.0.0.1:4010 for the local mock).`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${ENV.baseUrl} is not a URL: use a full URL with http:// or https://, such as https://api.inbox-hub.com.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${ENV.baseUrl} must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    // Never echo the URL here: it carries a credential.
    throw new ConfigError(
      `${ENV.baseUrl} must not contain a user name or password: put the key in ${ENV.apiKey} instead.`,
    );
  }
  return value.replace(/\/+$/, '');
}

function parseBoolean(raw: string | undefined, name: string): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return false;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function parseTools(raw: string | undefined): readonly ToolName[] | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(TOOL_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${ENV.tools} names unknown tool(s) ${unknown.join(', ')}: choose from ${TOOL_NAMES.join(', ')}.`,
    );
  }
  if (names.length === 0)
    throw new ConfigError(`${ENV.tools} is empty: list at least one tool, or unset it.`);
  return names as ToolName[];
}

function parsePort(raw: string | undefined): number {
  return parseInteger(raw, `--port / ${ENV.port}`, DEFAULT_PORT, 0, 65_535);
}

function parseInteger(
  raw: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return number;
}

function parseOrigins(raw: string | undefined): readonly string[] | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  return value.split(',').map((origin) => {
    const trimmed = origin.trim();
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new ConfigError(
        `${ENV.allowedOrigins} has "${trimmed}", which is not an origin: use values like https://app.example.com.`,
      );
    }
    return url.origin;
  });
}

function parseLogLevel(raw: string | undefined): LogLevel {
  const value = nonEmpty(raw)?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`${ENV.logLevel} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}".`);
  }
  return value as LogLevel;
}

function parseCardMode(raw: string | undefined): Config['card'] {
  const value = nonEmpty(raw)?.toLowerCase() ?? 'auto';
  if (value === 'auto' || value === 'on' || value === 'off') return value;
  throw new ConfigError(
    `${ENV.card} must be auto, on or off (got "${raw}"): auto shows the connect card to clients that render MCP Apps.`,
  );
}
