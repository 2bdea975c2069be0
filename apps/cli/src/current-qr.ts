import { type InboxHub, NotFoundError, type QrCode, QrExpiredError } from '@inbox-hub/client';

/**
 * The session's QR to show now. When it has none (never connected, or the last QR expired) and
 * `autoConnect` is on, starts a connection first, as the guide's troubleshooting section says. Returns
 * `'connected'` when there is nothing to scan because the session is already connected.
 */
export async function currentQr(
  hub: InboxHub,
  sessionId: string,
  autoConnect: boolean,
  signal: AbortSignal,
): Promise<QrCode | 'connected'> {
  try {
    const qr = await hub.sessions.getQr(sessionId, { signal });
    if (qr.expiresInMs() > 0 || !autoConnect) return qr;
  } catch (error) {
    const noQr =
      error instanceof QrExpiredError ||
      (error instanceof NotFoundError && error.code === 'QR_NOT_AVAILABLE');
    if (!noQr || !autoConnect) throw error;
  }
  const state = await hub.sessions.connect(sessionId, { signal });
  if (state.status === 'connected') return 'connected';
  return hub.sessions.getQr(sessionId, { signal });
}
