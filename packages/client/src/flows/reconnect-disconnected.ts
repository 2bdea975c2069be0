import { type AnyInboxHubError, isInboxHubError, ValidationError } from '../errors.js';
import type { RequestOptions } from '../internal/transport.js';
import type { QrCode } from '../qr.js';
import type { Sessions } from '../sessions.js';
import type { Session, SessionStatus } from '../types.js';
import { mapConcurrent } from './concurrency.js';

/** Options of `reconnectDisconnected`. */
export interface ReconnectOptions extends RequestOptions {
  /** How many sessions to reconnect at once. Default 4. */
  concurrency?: number | undefined;
  /** Which statuses to reconnect. Default `['disconnected']`; add `'error'` to retry failed sessions too. */
  statuses?: readonly SessionStatus[] | undefined;
}

/** One session's outcome. */
export type ReconnectResult =
  | { sessionId: string; session: Session; ok: true; qr: QrCode }
  | { sessionId: string; session: Session; ok: false; error: AnyInboxHubError };

/**
 * The guide's "Caso 3": list the sessions, reconnect the disconnected ones and fetch their new QRs, with
 * bounded concurrency. One session's failure does not stop the others; each result says what happened.
 */
export async function reconnectDisconnected(
  sessions: Sessions,
  options: ReconnectOptions = {},
): Promise<ReconnectResult[]> {
  const { concurrency = 4, statuses = ['disconnected'], ...request } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError(
      'concurrency',
      `pass a positive integer such as 4, got ${String(concurrency)}.`,
    );
  }
  const { sessions: all } = await sessions.list(request);
  const targets = all.filter((s) => statuses.includes(s.status));
  return mapConcurrent(targets, concurrency, async (session): Promise<ReconnectResult> => {
    try {
      await sessions.connect(session, request);
      const qr = await sessions.getQr(session, request);
      return { sessionId: session.sessionId, session, ok: true, qr };
    } catch (error) {
      if (!isInboxHubError(error)) throw error;
      return { sessionId: session.sessionId, session, ok: false, error };
    }
  });
}
