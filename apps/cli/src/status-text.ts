import type { SessionStatus } from '@inbox-hub/client';

/**
 * A status for people: the client maps a value the API never documented to `unknown` and keeps the
 * server's word in `rawStatus`, which is shown so nobody has to guess.
 */
export function statusText(session: { status: SessionStatus; rawStatus: string | null }): string {
  return session.status === 'unknown' ? `unknown (${session.rawStatus ?? 'none sent'})` : session.status;
}
