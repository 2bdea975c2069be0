import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InboxHubError,
  InvalidResponseError,
  NotFoundError,
  QrExpiredError,
  RateLimitError,
  ServerError,
  SessionExistsError,
  TimeoutError,
  ValidationError,
} from '@inbox-hub/client';
import { ConnectLinkError } from './connect-links.js';

/**
 * Turns any failure into one sentence a model can act on: what happened, then which tool to call next.
 * The client's own messages are written for programmers (they mention `sessions.create()`), so the common
 * API errors get a message in terms of this server's tools; the rest keep the client's message, which is
 * already free of secrets.
 */
export function describeError(error: unknown, sessionId?: string): string {
  const session = sessionId ? `"${sessionId}"` : 'this session';
  const ref = error instanceof ApiError && error.requestId ? ` (request id ${error.requestId})` : '';

  if (error instanceof SessionExistsError) {
    return `Session ${session} already exists. Call connect_session to get a new QR for it, or get_session_status to see its state; to start fresh, choose another sessionId.`;
  }
  if (error instanceof ConflictError) {
    if (error.code === 'PHONE_NUMBER_IN_USE') {
      return 'That phone number already belongs to another session. Call list_sessions to find it and reuse that session, or pass a different phoneNumber.';
    }
    return `Inbox Hub refused the request because it conflicts with an existing session${ref}. Call list_sessions to see the current state.`;
  }
  if (error instanceof NotFoundError) {
    if (error.code === 'QR_NOT_AVAILABLE') {
      return `Session ${session} has no QR code right now. Call get_session_status: if it is connected no QR is needed; otherwise call connect_session first, then get_qr_code.`;
    }
    return `There is no session ${session} in this account. Call list_sessions to see the existing ids, or create_session (or setup_session) to create it.`;
  }
  if (error instanceof QrExpiredError) {
    return `The QR code of session ${session} has expired. Call connect_session to issue a new one, then get_qr_code to show it.`;
  }
  if (error instanceof ValidationError) {
    const field = error.field ?? error.details[0]?.field;
    const detail = error.details[0]?.message ?? error.message;
    const where = error.status === 0 ? 'The arguments are invalid' : 'Inbox Hub rejected the arguments';
    return `${where}${field ? ` (${field})` : ''}: ${detail} Fix the argument and call the tool again.`;
  }
  if (error instanceof AuthenticationError) {
    return `Inbox Hub refused this server's credentials${ref}. Retrying will not help: ask the user to check INBOX_HUB_API_KEY (and INBOX_HUB_EMAIL / INBOX_HUB_PASSWORD) in the MCP server's configuration.`;
  }
  if (error instanceof RateLimitError) {
    const seconds = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
    return `Inbox Hub is rate-limiting this account. Wait ${seconds === undefined ? 'a few' : seconds} seconds, then call the tool again.`;
  }
  if (error instanceof ServerError) {
    return `Inbox Hub failed with HTTP ${error.status}${ref}. Wait a moment and call the tool again; if it keeps failing, tell the user the service has a problem.`;
  }
  if (error instanceof ApiError) {
    return `Inbox Hub answered HTTP ${error.status}${error.code ? ` ${error.code}` : ''}${ref}: ${error.message}`;
  }
  if (error instanceof TimeoutError || error instanceof ConnectionError) {
    return `${error.message} Tell the user Inbox Hub cannot be reached right now, then try again later.`;
  }
  if (error instanceof AbortError) return 'The call was cancelled before it finished.';
  // Already a sentence for the model, written where the dashboard's answer is understood.
  if (error instanceof ConnectLinkError) return error.message;
  if (error instanceof InvalidResponseError) {
    return `${error.message} Tell the user; calling again will likely give the same answer.`;
  }
  if (error instanceof InboxHubError) return error.message;
  // Something this server did not expect: say so without echoing a message that might hold anything.
  const name = error instanceof Error ? error.name : typeof error;
  return `The server hit an unexpected ${name}. Try again; if it persists, report it to the server's maintainers.`;
}
