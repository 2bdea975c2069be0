/**
 * The one translation of the client's typed errors into n8n's: `NodeApiError` when the API (or the
 * network to it) failed, `NodeOperationError` when the node's input or credential is wrong. Sentences
 * speak n8n's language (the credential's Base URL, the parameter's label) and never carry a secret: the
 * client has already scrubbed everything server-provided.
 */
import { type AnyInboxHubError, type ApiError, isInboxHubError } from '@inbox-hub/client';
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { TIMEOUT_MS } from '../transport';

/** The n8n parameter label of each API field, for error messages. */
const LABELS: Record<string, string> = {
  sessionId: 'Session ID',
  phoneNumber: 'Phone Number',
  name: 'Name',
  description: 'Description',
  id: 'Session Database ID',
  input: 'Session',
};

const CHECK_URL = "Check the credential's Base URL and that the Inbox Hub API is up.";

/** What to do next for each of the API's error codes. */
function hintFor(code: string | undefined, retryAfterMs: number | undefined): string | undefined {
  switch (code) {
    case 'INVALID_API_KEY':
    case 'INVALID_CREDENTIALS':
      return 'Check the Inbox Hub API credential.';
    case 'INVALID_TOKEN':
    case 'TOKEN_EXPIRED':
      return "Check the credential's e-mail and password; the login token was refused.";
    case 'SESSION_NOT_FOUND':
      return 'Check the session id, or list the sessions with Get Many.';
    case 'QR_NOT_AVAILABLE':
      return 'Run Connect first; a connected session has no QR.';
    case 'QR_EXPIRED':
      return 'Run Connect again for a new QR.';
    case 'SESSION_EXISTS':
      return 'Use another session id, or reuse the existing session.';
    case 'PHONE_NUMBER_IN_USE':
      return 'Another session holds this phone number.';
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE':
      return retryAfterMs !== undefined ? `Retry after ${Math.ceil(retryAfterMs / 1000)} s.` : 'Retry later.';
    default:
      return undefined;
  }
}

function apiError(node: INode, error: ApiError, itemIndex: number | undefined, retryAfterMs?: number) {
  const code = error.code ?? `HTTP_${error.status}`;
  const message =
    error.apiMessage ??
    `The server answered ${error.operation ?? 'the request'} with HTTP ${error.status}. ${CHECK_URL}`;
  const details = error.details.map((d) => `${d.field}: ${d.message}`).join('; ');
  const description = [
    `Code ${code} (HTTP ${error.status}) on ${error.operation ?? 'the request'}${error.attempts > 1 ? `, after ${error.attempts} attempts` : ''}.`,
    hintFor(error.code, retryAfterMs),
    details ? `Details: ${details}.` : undefined,
    error.requestId ? `Request id: ${error.requestId}.` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const body: JsonObject = { success: false, code, message, httpCode: String(error.status) };
  if (error.requestId) body.requestId = error.requestId;
  const nodeError = new NodeApiError(node, body, {
    message,
    description,
    httpCode: String(error.status),
    itemIndex,
  });
  // n8n rewrites well-known HTTP codes into generic sentences; keep the API's own message.
  nodeError.message = message;
  return nodeError;
}

function failure(node: INode, code: string, message: string, description: string, itemIndex?: number) {
  return new NodeApiError(node, { success: false, code, message }, { message, description, itemIndex });
}

/** Maps anything an operation threw to the n8n error to report for `itemIndex`. */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex?: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (!isInboxHubError(error)) return new NodeOperationError(node, error as Error, { itemIndex });
  const e: AnyInboxHubError = error;
  switch (e.kind) {
    case 'validation': {
      const label = LABELS[e.field] ?? e.field;
      return new NodeOperationError(node, `Invalid "${label}" parameter: ${e.problem}`, {
        itemIndex,
        description: `Fix the "${label}" parameter of item ${itemIndex ?? 0}; nothing was sent to the API.`,
      });
    }
    case 'configuration':
      return new NodeOperationError(node, `The Inbox Hub API credential is not usable: ${e.message}`, {
        itemIndex,
        description: 'Fix the Base URL, API key, e-mail and password of the Inbox Hub API credential.',
      });
    case 'rate_limited':
    case 'server':
      return apiError(node, e, itemIndex, e.retryAfterMs);
    case 'api':
    case 'authentication':
    case 'not_found':
    case 'conflict':
    case 'session_exists':
    case 'qr_expired':
    case 'invalid_input':
      return apiError(node, e, itemIndex);
    case 'connection': {
      const code = e.code ?? 'CONNECTION_ERROR';
      const reason = e.cause instanceof Error ? e.cause.message : 'the request failed';
      return failure(
        node,
        code,
        `Could not reach the Inbox Hub API (${code}): ${reason}`,
        CHECK_URL,
        itemIndex,
      );
    }
    case 'timeout':
    case 'wait_timeout':
      return failure(
        node,
        'TIMEOUT',
        `The Inbox Hub API did not answer within ${TIMEOUT_MS / 1000} s, even after retries.`,
        CHECK_URL,
        itemIndex,
      );
    case 'redirect':
      return failure(
        node,
        'REDIRECT',
        `The Inbox Hub API answered with a redirect${e.location ? ` to ${e.location}` : ''}; the node follows none, so the API key is never sent to another address.`,
        "Set the credential's Base URL to the API's real address.",
        itemIndex,
      );
    case 'invalid_response':
    case 'response_too_large':
      return failure(
        node,
        'INVALID_RESPONSE',
        e.kind === 'response_too_large'
          ? `The server answered with a body over ${Math.round(e.limit / 1048576)} MB, far more than any Inbox Hub answer.`
          : "The server's answer breaks the Inbox Hub contract (not the API's JSON envelope, or a required field is missing).",
        `Check the credential's Base URL; if it is right, report it${e.kind === 'invalid_response' && e.requestId ? ` with request id ${e.requestId}` : ''}.`,
        itemIndex,
      );
    case 'aborted':
      return new NodeOperationError(node, 'The execution was cancelled before Inbox Hub answered.', {
        itemIndex,
      });
    default: {
      const unhandled: never = e;
      return new NodeOperationError(node, unhandled as Error, { itemIndex });
    }
  }
}
