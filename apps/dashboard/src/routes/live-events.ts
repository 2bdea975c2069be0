import type { Hono } from 'hono';
import type { AppEnv, Deps } from '../http/context.js';
import { streamSnapshots } from '../live/snapshot-stream.js';
import { sessionListRegion } from '../views/dashboard-page.js';

/**
 * `GET /events`: the operator's live list. Each tab gets the list region as HTML (in its language) whenever
 * the shared poll sees a change; the browser script filters it and swaps the cards that changed.
 */
export function registerLiveEvents(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/events', (c) => {
    const t = c.get('t');
    const operator = c.get('operator');
    const csrf = deps.sessions.csrfToken(operator);
    // Signing out ends the stream at once: a tab left open must not keep receiving sessions and QR codes.
    const signedOut = new AbortController();
    const forget = deps.sessions.onRevoke(operator, () => signedOut.abort());
    const response = streamSnapshots(
      c,
      deps.poller,
      async (snapshot) => {
        // A stream outliving its sign-in ends; the script then reloads into the sign-in page. (A sign-out on
        // any replica ends it through onRevoke; each snapshot needs no store query of its own.)
        if (!deps.sessions.current(operator)) return { done: true };
        const html = sessionListRegion(t, snapshot, csrf, { status: '', q: '' }).value;
        return { event: { name: 'snapshot', data: { at: snapshot.at, html } } };
      },
      signedOut.signal,
    );
    c.req.raw.signal.addEventListener('abort', forget, { once: true });
    signedOut.signal.addEventListener('abort', forget, { once: true });
    return response;
  });
}
