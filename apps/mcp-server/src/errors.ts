import { isInboxHubError } from '@inbox-hub/client';
import { ConnectLinkError } from './connect-links.js';

/**
 * Turns any failure into one sentence a model can act on: what happened, then which tool to call next.
 * The client's own messages are written for programmers (they mention `sessions.create()`), so the common
 * API errors get a message in terms of this server's tools; the rest keep the client's message, which is
 * already free of secrets. The switch covers every kind of client error; the compiler flags a new one.
 */
export function describeError(error: unknown, sessionId?: string): string {
  // Already a sentence for the model, written where the dashboard's answer is understood.
  if (error instanceof ConnectLinkError) return error.message;
  if (!isInboxHubError(error)) {
    // Something this server did not expect: say so without echoing a message that might hold anything.
    const name = error instanceof Error ? error.name : typeof error;
    return `The server hit an unexpected ${name}. Try again; if it persists, report it to the server's maintainers.`;
  }
  const session = sessionId ? `"${sessionId}"` : 'this session';
  const ref = 'requestId' in error && error.requestId ? ` (request id ${error.requestId})` : '';
  switch (error.kind) {
    case 'session_exists':
      return `Session ${session} already exists. Call connect_session to get a new QR for it, or get_session_status to see its state; to start fresh, choose another sessionId.`;
    case 'conflict':
      if (error.code === 'PHONE_NUMBER_IN_USE') {
        return 'That phone number already belongs to another session. Call list_sessions to find it and reuse that session, or pass a different phoneNumber.';
      }
      return `Inbox Hub refused the request because it conflicts with an existing session${ref}. Call list_sessions to see the current state.`;
    case 'not_found':
      if (error.code === 'QR_NOT_AVAILABLE') {
        return `Session ${session} has no QR code right now. Call get_session_status: if it is connected no QR is needed; otherwise call connect_session first, then get_qr_code.`;
      }
      return `There is no session ${session} in this account. Call list_sessions to see the existing ids, or create_session (or setup_session) to create it.`;
    case 'qr_expired':
      return `The QR code of session ${session} has expired. Call connect_session to issue a new one, then get_qr_code to show it.`;
    case 'validation':
      return `The arguments are invalid (${error.field}): ${error.problem} Fix the argument and call the tool again.`;
    case 'invalid_input': {
      const detail = error.details[0]?.message ?? error.apiMessage ?? error.message;
      return `Inbox Hub rejected the arguments${error.field ? ` (${error.field})` : ''}: ${detail} Fix the argument and call the tool again.`;
    }
    case 'authentication':
      return `Inbox Hub refused this server's credentials${ref}. Retrying will not help: ask the user to check INBOX_HUB_API_KEY (and INBOX_HUB_EMAIL / INBOX_HUB_PASSWORD) in the MCP server's configuration.`;
    case 'rate_limited': {
      const seconds = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
      return `Inbox Hub is rate-limiting this account. Wait ${seconds === undefined ? 'a few' : seconds} seconds, then call the tool again.`;
    }
    case 'server':
      return `Inbox Hub failed with HTTP ${error.status}${ref}. Wait a moment and call the tool again; if it keeps failing, tell the user the service has a problem.`;
    case 'api':
      return `Inbox Hub answered HTTP ${error.status}${error.code ? ` ${error.code}` : ''}${ref}: ${error.message}`;
    case 'timeout':
    case 'wait_timeout':
    case 'connection':
      return `${error.message} Tell the user Inbox Hub cannot be reached right now, then try again later.`;
    case 'redirect':
      return `${error.message} Retrying will not help: ask the user to fix INBOX_HUB_BASE_URL in the MCP server's configuration.`;
    case 'aborted':
      return 'The call was cancelled before it finished.';
    case 'invalid_response':
    case 'response_too_large':
      return `${error.message} Tell the user; calling again will likely give the same answer.`;
    case 'configuration':
      return `${error.message} Ask the user to fix the MCP server's configuration.`;
    default: {
      const unhandled: never = error;
      return (unhandled as Error).message;
    }
  }
}
