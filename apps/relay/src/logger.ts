/**
 * Where the relay writes what it does. Messages never carry a secret: endpoint secrets, the API key and a
 * database password are never put in one, and URLs are shown without their query.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** One line per message on stderr, prefixed with the instance. */
export function stderrLogger(instance: string): Logger {
  const write = (message: string) => process.stderr.write(`[relay ${instance}] ${message}\n`);
  return { info: write, warn: write };
}

/** Says nothing (tests). */
export const silentLogger: Logger = { info() {}, warn() {} };

/** An error as one short line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
