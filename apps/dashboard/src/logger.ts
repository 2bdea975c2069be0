/** Where the dashboard writes what it does. Callers pass messages free of secrets; errors are reduced to their message. */
export interface Logger {
  info(message: string): void;
  warn(message: string, cause?: unknown): void;
}

/** Writes one line per event to stderr. The client's error messages are already scrubbed of secrets. */
export const stderrLogger: Logger = {
  info(message) {
    process.stderr.write(`[dashboard] ${message}\n`);
  },
  warn(message, cause) {
    const detail = cause instanceof Error ? ` ${cause.message}` : '';
    process.stderr.write(`[dashboard] ${message}${detail}\n`);
  },
};

/** Says nothing (tests). */
export const silentLogger: Logger = { info() {}, warn() {} };
