import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  QrExpiredError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from '@inbox-hub/client';

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

/** Missing or invalid configuration (the environment variables). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The exit code for an error the client (or the CLI) threw. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ConfigError) return ExitCode.config;
  if (error instanceof WaitTimeoutError) return ExitCode.waitTimeout;
  if (error instanceof AbortError) return ExitCode.aborted;
  if (error instanceof ValidationError) return ExitCode.invalidInput;
  if (error instanceof NotFoundError) return ExitCode.notFound;
  if (error instanceof ConflictError) return ExitCode.conflict;
  if (error instanceof QrExpiredError) return ExitCode.qrExpired;
  if (error instanceof AuthenticationError) return ExitCode.auth;
  if (error instanceof RateLimitError) return ExitCode.rateLimited;
  if (error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError) {
    return ExitCode.unavailable;
  }
  if (error instanceof ApiError) return ExitCode.unexpected;
  return ExitCode.unexpected;
}
