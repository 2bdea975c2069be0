import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, Deps } from '../http/context.js';
import type { Snapshot } from '../live/snapshot.js';
import { sessionListRegion } from '../views/dashboard-page.js';

/** A comment line this often keeps proxies from closing an idle stream. */
export const KEEPALIVE_MS = 20_000;

/**
 * `GET /events`: the operator's live list. Each tab gets the list region as HTML (in its language) whenever
 * the shared poll sees a change; opening a tab adds a listener, not a poll.
 */
export function registerLiveEvents(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/events', (c) => {
    const t = c.get('t');
    const operator = c.get('operator');
    const csrf = deps.sessions.csrfToken(operator);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: Snapshot[] = [];
      let wake: (() => void) | undefined;
      const push = (snapshot: Snapshot) => {
        queue.splice(0, queue.length, snapshot);
        wake?.();
      };
      const unsubscribe = deps.poller.subscribe(push);
      const keepalive = setInterval(() => {
        void stream.write(': keepalive\n\n');
      }, KEEPALIVE_MS);
      stream.onAbort(() => {
        unsubscribe();
        clearInterval(keepalive);
        wake?.();
      });
      if (deps.poller.current.version > 0) push(deps.poller.current);
      try {
        while (!stream.aborted && !stream.closed) {
          const next = queue.shift();
          if (!next) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
            continue;
          }
          if (deps.now() >= operator.expiresAt) break;
          const html = sessionListRegion(t, next, csrf, { status: '', q: '' }).value;
          await stream.writeSSE({
            event: 'snapshot',
            id: String(next.version),
            data: JSON.stringify({ at: next.at, html }),
          });
        }
      } finally {
        unsubscribe();
        clearInterval(keepalive);
      }
    });
  });
}
