import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SessionPoller } from './poller.js';
import type { Snapshot } from './snapshot.js';

/** A comment line this often keeps proxies from closing an idle stream. */
export const KEEPALIVE_MS = 20_000;

/** What a stream does with a snapshot: the event to send (if any), and whether to end the stream after it. */
export interface StreamStep {
  event?: { name: string; data: unknown } | undefined;
  done?: boolean;
}

/**
 * Answers with a server-sent event stream fed by the shared poll. Opening one adds a listener, never a poll.
 * Only the newest snapshot is kept while a slow client catches up, so a stalled tab cannot pile up memory.
 * The stream ends when `step` says so or the client leaves.
 */
export function streamSnapshots(
  c: Context,
  poller: SessionPoller,
  step: (snapshot: Snapshot) => StreamStep | Promise<StreamStep>,
  /** Ends the stream at once when it aborts (the operator signed out). */
  end?: AbortSignal,
): Response {
  c.header('Cache-Control', 'no-store');
  // nginx buffers responses by default; this asks it not to for this one.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    let latest: Snapshot | undefined = poller.current.version > 0 ? poller.current : undefined;
    let wake: (() => void) | undefined;
    const unsubscribe = poller.subscribe((snapshot) => {
      latest = snapshot;
      wake?.();
    });
    const keepalive = setInterval(() => {
      void stream.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    stream.onAbort(() => wake?.());
    const onEnd = () => wake?.();
    end?.addEventListener('abort', onEnd, { once: true });
    try {
      while (!stream.aborted && !stream.closed && !end?.aborted) {
        const snapshot = latest;
        latest = undefined;
        if (!snapshot) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        const { event, done } = await step(snapshot);
        if (event) await stream.writeSSE({ event: event.name, data: JSON.stringify(event.data) });
        if (done) break;
      }
    } finally {
      end?.removeEventListener('abort', onEnd);
      unsubscribe();
      clearInterval(keepalive);
    }
  });
}
