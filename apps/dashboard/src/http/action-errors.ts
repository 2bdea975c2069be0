import { isInboxHubError } from '@inbox-hub/client';
import type { Messages } from '../i18n/index.js';

/**
 * A failed API call as a sentence for the operator. Never the raw error: it could name internals. The
 * switch covers every kind of client error; the compiler flags a new one.
 */
export function actionErrorText(t: Messages, cause: unknown): string {
  if (!isInboxHubError(cause)) return t.errorServer;
  switch (cause.kind) {
    case 'session_exists':
      return t.errorSessionExists;
    case 'conflict':
      return t.errorPhoneInUse;
    case 'not_found':
    case 'qr_expired':
      return t.errorNotFound;
    case 'validation':
    case 'invalid_input':
      return t.errorRejected;
    case 'rate_limited':
      return t.errorRateLimited;
    case 'authentication':
    case 'configuration':
      return t.errorAuth;
    case 'connection':
    case 'timeout':
    case 'wait_timeout':
    case 'redirect':
      return t.errorUnreachable;
    case 'api':
    case 'server':
    case 'invalid_response':
    case 'response_too_large':
    case 'aborted':
      return t.errorServer;
    default: {
      const unhandled: never = cause;
      return unhandled;
    }
  }
}
