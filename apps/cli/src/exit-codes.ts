import { isInboxHubError } from '@inbox-hub/client';
import { ConfigError } from '@inbox-hub/config';

/** The exit codes scripts can rely on. The README lists them. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  config: 3,
  notFound: 4,
  conflict: 5,
  qrExpired: 6,
  invalidInput: 7,
  auth: 8,
  rateLimited: 9,
  unavailable: 10,
  sessionFailed: 11,
  waitTimeout: 12,
  partialFailure: 13,
  aborted: 130,
} as const;

/** A failure of the command line itself (unknown command, missing argument). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Missing or invalid configuration: the toolkit's one `ConfigError`, naming the variable and the fix. */
export { ConfigError } from '@inbox-hub/config';

/** The exit code for an error the client (or the CLI) threw; the switch covers every client error kind. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ConfigError) return ExitCode.config;
  if (!isInboxHubError(error)) return ExitCode.unexpected;
  switch (error.kind) {
    case 'wait_timeout':
      return ExitCode.waitTimeout;
    case 'aborted':
      return ExitCode.aborted;
    case 'validation':
    case 'invalid_input':
      return ExitCode.invalidInput;
    case 'not_found':
      return ExitCode.notFound;
    case 'conflict':
    case 'session_exists':
      return ExitCode.conflict;
    case 'qr_expired':
      return ExitCode.qrExpired;
    case 'authentication':
      return ExitCode.auth;
    case 'rate_limited':
      return ExitCode.rateLimited;
    case 'server':
    case 'connection':
    case 'timeout':
      return ExitCode.unavailable;
    case 'configuration':
    case 'redirect':
      return ExitCode.config;
    case 'api':
    case 'invalid_response':
    case 'response_too_large':
      return ExitCode.unexpected;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}
