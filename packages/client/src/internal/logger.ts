/** Where the client reports what it does (retries, logins). Every line is free of secrets. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** The default: say nothing. */
export const silentLogger: Logger = { debug() {}, warn() {} };
