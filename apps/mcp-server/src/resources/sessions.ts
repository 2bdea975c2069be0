/**
 * The session resources, SDK-free: their URIs and how to read them. `server.ts` registers them with MCP
 * and the watcher polls them for subscribers.
 */
import { type InboxHub, SESSION_ID_PATTERN } from '@inbox-hub/client';
import { presentSession, presentStatus } from '../tools/schemas.js';

/** The list of sessions. */
export const SESSIONS_URI = 'inbox-hub://sessions';
/** One session's status; `{sessionId}` is the session's string id. */
export const SESSION_URI_TEMPLATE = 'inbox-hub://sessions/{sessionId}';
const SESSION_URI_PREFIX = `${SESSIONS_URI}/`;

/** The URI of one session's status resource. */
export function sessionUri(sessionId: string): string {
  return `${SESSION_URI_PREFIX}${sessionId}`;
}

/** What a URI names: the list, one session, or nothing of ours. */
export function parseResourceUri(
  uri: string,
): { kind: 'list' } | { kind: 'session'; sessionId: string } | undefined {
  if (uri === SESSIONS_URI) return { kind: 'list' };
  if (!uri.startsWith(SESSION_URI_PREFIX)) return undefined;
  const sessionId = uri.slice(SESSION_URI_PREFIX.length);
  return SESSION_ID_PATTERN.test(sessionId) ? { kind: 'session', sessionId } : undefined;
}

/** The session list as the resource's JSON. */
export async function readSessionList(hub: InboxHub, signal?: AbortSignal): Promise<unknown> {
  const list = await hub.sessions.list({ signal });
  return { total: list.total, sessions: list.sessions.map(presentSession) };
}

/** One session's status as the resource's JSON. */
export async function readSessionStatus(
  hub: InboxHub,
  sessionId: string,
  signal?: AbortSignal,
): Promise<unknown> {
  return presentStatus(await hub.sessions.getStatus(sessionId, { signal }));
}

/**
 * The session ids that start with `prefix`, sorted, for `completion/complete`. The SDK sends at most 100
 * of them (the protocol's limit) with the total, so a large account never floods the client. Completion
 * is a convenience: when the API fails, it offers nothing rather than an error.
 */
export async function completeSessionIds(hub: InboxHub, prefix: string): Promise<string[]> {
  const sessions = await hub.sessions.list().then(
    (list) => list.sessions,
    () => [],
  );
  return sessions
    .map((s) => s.sessionId)
    .filter((id) => id.startsWith(prefix))
    .sort();
}
