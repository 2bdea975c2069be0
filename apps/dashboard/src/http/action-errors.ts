import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  SessionExistsError,
  TimeoutError,
  ValidationError,
} from '@inbox-hub/client';
import type { Messages } from '../i18n/index.js';

/** A failed API call as a sentence for the operator. Never the raw error: it could name internals. */
export function actionErrorText(t: Messages, cause: unknown): string {
  if (cause instanceof SessionExistsError) return t.errorSessionExists;
  if (cause instanceof ConflictError) return t.errorPhoneInUse;
  if (cause instanceof NotFoundError) return t.errorNotFound;
  if (cause instanceof ValidationError) return t.errorRejected;
  if (cause instanceof RateLimitError) return t.errorRateLimited;
  if (cause instanceof AuthenticationError) return t.errorAuth;
  if (cause instanceof ConnectionError || cause instanceof TimeoutError) return t.errorUnreachable;
  return t.errorServer;
}
