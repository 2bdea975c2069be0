import type { Logger as ClientLogger } from '@inbox-hub/client';
import type { LogLevel } from './config.js';
import type { Redactor } from './redact.js';

/** The server's logger. It writes to stderr only: in stdio mode stdout belongs to JSON-RPC. */
export interface Logger extends ClientLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  redactor: Redactor;
  /** Where lines go; stderr by default. Tests pass their own. */
  write?: (line: string) => void;
}

/** A line-per-event logger that scrubs secrets from every line it writes. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const threshold = RANK[options.level];
  const log =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, meta?: Record<string, unknown>): void => {
      if (RANK[level] < threshold) return;
      const extra = meta && Object.keys(meta).length > 0 ? ` ${safeJson(meta)}` : '';
      write(`${options.redactor.text(`[inbox-hub-mcp] ${level}: ${message}${extra}`)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (the default for `createServer` in tests and embedding). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}
