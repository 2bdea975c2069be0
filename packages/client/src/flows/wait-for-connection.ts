import { AbortError, NotFoundError, QrExpiredError, WaitTimeoutError } from '../errors.js';
import { delay } from '../internal/platform.js';
import type { RequestOptions } from '../internal/transport.js';
import type { QrCode } from '../qr.js';
import { refSessionId, type Sessions } from '../sessions.js';
import type { SessionRef, SessionStatusInfo } from '../types.js';

/** Options of `waitForConnection`. */
export interface WaitOptions extends Omit<RequestOptions, 'signal'> {
  /** Stops the wait; it then rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Overall time limit in milliseconds. Default 180 000 (about as long as WhatsApp keeps offering QRs). */
  timeoutMs?: number | undefined;
  /** First delay between polls. Default 2 500 ms. */
  pollIntervalMs?: number | undefined;
  /** Longest delay between polls; the delay grows 1.5× per poll up to it. Default 5 000 ms. */
  maxPollIntervalMs?: number | undefined;
  /** The QR the caller is showing now (from `setupSession`), so the wait knows when it expires. */
  qr?: QrCode | undefined;
  /** Fetch a fresh QR whenever the current one expires. Default true. */
  refreshQr?: boolean | undefined;
  /**
   * Return with outcome `new_qr` as soon as a new QR replaces the shown one (or the first one is fetched),
   * instead of waiting on. For callers that cannot update the screen mid-wait, such as an AI assistant's
   * tool call: show `result.qr`, then wait again. Default false.
   */
  returnOnNewQr?: boolean | undefined;
  /** Called with each new QR, to show it in place of the old one. */
  onQr?: ((qr: QrCode) => void | Promise<void>) | undefined;
  /** Called with every status polled. */
  onStatus?: ((status: SessionStatusInfo) => void | Promise<void>) | undefined;
  /** Clock for tests. */
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> } | undefined;
}

/** How a wait ended. */
export interface WaitResult {
  /**
   * `connected`; `error` / `disconnected` when the session gave up; `new_qr` when `returnOnNewQr` was set
   * and a new QR (in `qr`) must be shown.
   */
  outcome: 'connected' | 'error' | 'disconnected' | 'new_qr';
  /** The last status polled. */
  status: SessionStatusInfo;
  /** The last QR shown, if any. */
  qr: QrCode | undefined;
  /** Status requests made. */
  polls: number;
  /** New QRs fetched because one expired. */
  qrRefreshes: number;
}

/**
 * The guide's "Caso 2", done carefully: poll the status with a growing interval until the session is
 * `connected`, `error` or `disconnected`; wake up when the shown QR expires and fetch the next one
 * (asking for a new connection when the server has none); honour an abort signal and an overall timeout.
 */
export async function waitForConnection(
  sessions: Sessions,
  ref: SessionRef,
  options: WaitOptions = {},
): Promise<WaitResult> {
  const sessionId = refSessionId(ref);
  const {
    signal,
    timeoutMs = 180_000,
    pollIntervalMs = 2_500,
    maxPollIntervalMs = 5_000,
    refreshQr = true,
    returnOnNewQr = false,
    onQr,
    onStatus,
    clock = { now: Date.now, sleep: delay },
    ...request
  } = options;
  const deadline = clock.now() + timeoutMs;
  let qr = options.qr;
  let interval = pollIntervalMs;
  let polls = 0;
  let qrRefreshes = 0;
  let last: SessionStatusInfo | undefined;

  const remaining = () => deadline - clock.now();
  const pause = async (ms: number) => {
    try {
      await clock.sleep(ms, signal);
    } catch {
      throw new AbortError(`Waiting for session "${sessionId}" was aborted.`);
    }
  };
  const call = () => ({ ...request, signal });

  // A caller that has just shown a fresh QR knows the session is pending: wait before the first poll.
  let skipPoll = qr !== undefined && qr.expiresInMs(clock.now()) > 0;
  while (true) {
    if (signal?.aborted) throw new AbortError(`Waiting for session "${sessionId}" was aborted.`);
    if (skipPoll) {
      skipPoll = false;
      await pause(Math.min(interval, Math.max(50, qr?.expiresInMs(clock.now()) ?? interval), remaining()));
      interval = Math.min(maxPollIntervalMs, Math.round(interval * 1.5));
      continue;
    }
    last = await sessions.getStatus(typeof ref === 'string' ? sessionId : ref, call());
    polls++;
    await onStatus?.(last);
    if (last.status !== 'pending' && last.status !== 'unknown') {
      return { outcome: last.status, status: last, qr, polls, qrRefreshes };
    }

    // A status the API never documented may be a step of the connection (say, "connecting" after a scan):
    // keep polling, but do not ask for a new QR or connection, which could restart it.
    const pending = last.status === 'pending';
    if (pending && refreshQr && (qr === undefined || qr.expiresInMs(clock.now()) === 0)) {
      const fresh = await nextQr(sessions, sessionId, call(), clock.now);
      if (fresh) {
        if (qr !== undefined) qrRefreshes++;
        qr = fresh;
        await onQr?.(qr);
        if (returnOnNewQr) return { outcome: 'new_qr', status: last, qr, polls, qrRefreshes };
      }
    }

    const left = remaining();
    if (left <= 0) {
      throw new WaitTimeoutError(
        `Session "${sessionId}" was still ${last.status === 'unknown' ? `"${last.rawStatus ?? 'unknown'}"` : last.status} after ${Math.round(timeoutMs / 1000)} s. Show the latest QR again and call waitForConnection once more, or raise timeoutMs.`,
        last,
      );
    }
    // Sleep until the next poll, but wake when the QR expires so the replacement shows at once.
    const untilQrExpiry =
      qr && refreshQr ? Math.max(50, qr.expiresInMs(clock.now())) : Number.POSITIVE_INFINITY;
    await pause(Math.min(interval, untilQrExpiry, left));
    interval = Math.min(maxPollIntervalMs, Math.round(interval * 1.5));
  }
}

/** The current QR; if it expired or none was issued, a new connection and its QR. */
async function nextQr(
  sessions: Sessions,
  sessionId: string,
  request: RequestOptions,
  now: () => number,
): Promise<QrCode | undefined> {
  try {
    const qr = await sessions.getQr(sessionId, request);
    if (qr.expiresInMs(now()) > 0) return qr;
  } catch (error) {
    const noQr =
      error instanceof QrExpiredError ||
      (error instanceof NotFoundError && error.code === 'QR_NOT_AVAILABLE');
    if (!noQr) throw error;
  }
  const state = await sessions.connect(sessionId, request);
  if (state.status !== 'pending') return undefined;
  return sessions.getQr(sessionId, request);
}
