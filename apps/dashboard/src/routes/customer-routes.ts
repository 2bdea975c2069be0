import type { Context, Hono } from 'hono';
import type { AppEnv, Deps } from '../http/context.js';
import { page } from '../http/render.js';
import type { ConnectLink, LinkRefusal } from '../links/connect-links.js';
import type { SessionView, Snapshot } from '../live/snapshot.js';
import { streamSnapshots } from '../live/snapshot-stream.js';
import { connectPage, connectState } from '../views/connect-page.js';
import { messagePage } from '../views/message-page.js';

const REFUSALS = {
  invalid: { status: 404, title: 'linkInvalidTitle', text: 'linkInvalidText' },
  expired: { status: 410, title: 'linkExpiredTitle', text: 'linkExpiredText' },
  spent: { status: 410, title: 'linkSpentTitle', text: 'linkSpentText' },
} as const;

/** The page for a refused link: why, in plain words, and nothing about any session. */
function refuse(c: Context<AppEnv>, reason: LinkRefusal): Response {
  const t = c.get('t');
  const r = REFUSALS[reason];
  return page(c, t[r.title], messagePage(t[r.title], t[r.text]), { status: r.status });
}

/**
 * The customer's connect link: `GET /connect/:token` (the page), `/connect/:token/events` (its live QR) and
 * `POST /connect/:token/restart` (a new code after the last one expired). No sign-in: the signed token is
 * the permission, and it opens exactly one session.
 */
export function registerCustomerRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const sessionOf = (snapshot: Snapshot, link: ConnectLink): SessionView | undefined =>
    snapshot.sessions?.find((s) => s.sessionId === link.sessionId);

  /** Spends the session's links once it is connected; true when it was. */
  const spendIfConnected = async (link: ConnectLink, session: SessionView | undefined) => {
    if (session?.status !== 'connected') return false;
    await deps.links.spendSession(link.sessionId);
    return true;
  };

  app.get('/connect/:token', async (c) => {
    const token = c.req.param('token');
    const check = await deps.links.check(token);
    if (!check.ok) return refuse(c, check.reason);
    const { link } = check;
    // A recent snapshot settles the common cases (QR showing, or connected); anything else is polled afresh.
    let session = sessionOf(await deps.poller.recent(), link);
    if (!session || (session.status !== 'connected' && !session.qr))
      session = sessionOf(await deps.poller.refresh(), link);
    // A link opened after its session connected (the customer reloads, or forwards it) is spent already.
    if (await spendIfConnected(link, session)) return refuse(c, 'spent');
    if (session && !session.qr) {
      // Opening the link is the customer asking to connect: start an attempt so there is a QR to show (a
      // session that is new, disconnected, or whose last attempt ran out of codes).
      try {
        await deps.hub.sessions.connect(link.sessionId);
        session = sessionOf(await deps.poller.refresh(), link);
      } catch (cause) {
        deps.logger.warn('Starting a connection for a customer link failed.', cause);
      }
    }
    const t = c.get('t');
    const csrf = deps.links.csrfToken(link);
    const state = connectState(t, session, deps.poller.current.at, csrf, token);
    return page(c, t.connectTitle, connectPage(t, session, state, token), {
      scripts: ['connect.js'],
      // Without JavaScript the page reloads itself, so the QR still changes with the code (about every 20 s).
      ...(session?.status === 'connected' ? {} : { noScriptRefreshSeconds: 15 }),
      clientStrings: {
        qrExpiresIn: t.qrExpiresIn,
        qrRefreshing: t.qrRefreshing,
        liveLost: t.connectLiveLost,
        connected: t.connectedTitle,
      },
    });
  });

  app.get('/connect/:token/events', async (c) => {
    const token = c.req.param('token');
    const check = await deps.links.check(token);
    if (!check.ok) return c.text(c.get('t').errorLinkUnusable, REFUSALS[check.reason].status);
    const { link } = check;
    const t = c.get('t');
    const csrf = deps.links.csrfToken(link);
    let lastHtml = '';
    return streamSnapshots(c, deps.poller, (snapshot) => {
      if (deps.now() >= link.expiresAt) return { done: true };
      const session = sessionOf(snapshot, link);
      const html = connectState(t, session, snapshot.at, csrf, token).value;
      // Only this session's part is sent, and only when it changed; the stream ends once it is connected.
      const changed = html !== lastHtml;
      lastHtml = html;
      return {
        event: changed
          ? { name: 'state', data: { at: snapshot.at, status: session?.status ?? null, html } }
          : undefined,
        // Connected: the stream ends (the guard spends the links; this page's own load would too).
        done: session?.status === 'connected',
      };
    });
  });

  app.post('/connect/:token/restart', async (c) => {
    const token = c.req.param('token');
    const check = await deps.links.check(token);
    if (!check.ok) return refuse(c, check.reason);
    const body = await c.req.parseBody();
    if (!deps.links.checkCsrf(check.link, typeof body.csrf === 'string' ? body.csrf : undefined)) {
      const t = c.get('t');
      return page(c, t.errorCsrf, messagePage(t.errorCsrf, ''), { status: 403 });
    }
    try {
      await deps.hub.sessions.connect(check.link.sessionId);
      await deps.poller.refresh();
    } catch (cause) {
      deps.logger.warn('Restarting a connection for a customer link failed.', cause);
    }
    return c.redirect(`/connect/${token}`, 303);
  });
}
