import { UsageError } from '../exit-codes.js';

/** The one `<sessionId>` argument a command takes. */
export function sessionIdArg(args: string[], command: string): string {
  const [sessionId, ...rest] = args;
  if (!sessionId)
    throw new UsageError(
      `"sessions ${command}" needs a session id, for example: inbox-hub sessions ${command} cliente_001`,
    );
  if (rest.length > 0)
    throw new UsageError(`"sessions ${command}" takes one session id; unexpected: ${rest.join(' ')}`);
  return sessionId;
}

/** A positive number of seconds from a flag, in milliseconds. */
export function secondsFlag(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--${flag} must be a number of seconds > 0, got "${value}".`);
  return seconds * 1000;
}
