import { SESSION_ID_PATTERN, type SessionStatus } from '@inbox-hub/client';
import type { Context, Hono } from 'hono';
import { actionErrorText } from '../http/action-errors.js';
import type { AppEnv, Deps } from '../http/context.js';
import { headerFor, page } from '../http/render.js';
import { format } from '../i18n/index.js';
import type { SessionView } from '../live/snapshot.js';
import { confirmDisconnectPage } from '../views/confirm-disconnect-page.js';
import { type CreateForm, readCreateValues, validateCreate } from '../views/create-form.js';
import { dashboardPage, type Filters, STATUSES } from '../views/dashboard-page.js';
import { linkPage } from '../views/link-page.js';
import { messagePage } from '../views/message-page.js';

const NOTICES = {
  created: 'noticeCreated',
  reconnected: 'noticeReconnected',
  disconnected: 'noticeDisconnected',
} as const;

/** How long the first render waits for the first poll before showing "loading" and leaving it to the stream. */
const FIRST_RENDER_WAIT_MS = 3000;

function readFilters(c: Context<AppEnv>): Filters {
  const status = c.req.query('status') ?? '';
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as SessionStatus) : '',
    q: (c.req.query('q') ?? '').slice(0, 100),
  };
}

/** The operator's pages and actions. Every route here sits behind the sign-in and CSRF checks. */
export function registerDashboardRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const csrfOf = (c: Context<AppEnv>) => deps.sessions.csrfToken(c.get('operator'));

  /** The latest snapshot; waits (briefly) for the first poll so a page without JavaScript has data. */
  const snapshot = async () => {
    if (deps.poller.current.sessions !== undefined) return deps.poller.current;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FIRST_RENDER_WAIT_MS);
    });
    await Promise.race([deps.poller.refresh(), timeout]);
    clearTimeout(timer);
    return deps.poller.current;
  };

  const findSession = async (sessionId: string): Promise<SessionView | undefined> => {
    const find = () => deps.poller.current.sessions?.find((s) => s.sessionId === sessionId);
    const known = find();
    if (known) return known;
    // A session created a moment ago elsewhere is not in the last snapshot yet.
    await deps.poller.refresh();
    return find();
  };

  const renderDashboard = async (
    c: Context<AppEnv>,
    extra: { error?: string; form?: CreateForm; status?: 200 | 422 | 409 | 502 } = {},
  ) => {
    const t = c.get('t');
    const csrf = csrfOf(c);
    const notice = c.req.query('notice');
    const sid = c.req.query('sid') ?? '';
    const noticeText =
      notice && Object.hasOwn(NOTICES, notice) && SESSION_ID_PATTERN.test(sid)
        ? format(t[NOTICES[notice as keyof typeof NOTICES]], { sessionId: sid })
        : undefined;
    const body = dashboardPage({
      t,
      snapshot: await snapshot(),
      csrf,
      filters: readFilters(c),
      notice: noticeText,
      error: extra.error,
      form: extra.form,
    });
    return page(c, t.dashboardTitle, body, {
      status: extra.status ?? 200,
      scripts: ['app.js'],
      header: headerFor(c, csrf),
      clientStrings: {
        liveOn: t.liveOn,
        liveLost: t.liveLost,
        qrExpiresIn: t.qrExpiresIn,
        qrRefreshing: t.qrRefreshing,
        announce: t.clientAnnounceStatus,
      },
    });
  };

  app.get('/', (c) => renderDashboard(c));

  app.post('/sessions', async (c) => {
    const t = c.get('t');
    const form = validateCreate(readCreateValues(await c.req.parseBody()));
    if (Object.keys(form.errors).length > 0) return renderDashboard(c, { form, status: 422 });
    const { sessionId, name, phoneNumber, description } = form.values;
    try {
      await deps.hub.sessions.create({
        sessionId,
        name,
        ...(phoneNumber ? { phoneNumber } : {}),
        ...(description ? { description } : {}),
      });
      await deps.hub.sessions.connect(sessionId);
    } catch (cause) {
      deps.logger.warn(`Creating session ${sessionId} failed.`, cause);
      return renderDashboard(c, { form, error: actionErrorText(t, cause), status: 409 });
    }
    await deps.poller.refresh();
    return c.redirect(`/?notice=created&sid=${encodeURIComponent(sessionId)}`, 303);
  });

  app.post('/sessions/:sessionId/connect', async (c) => {
    const sessionId = c.req.param('sessionId');
    try {
      await deps.hub.sessions.connect(sessionId);
    } catch (cause) {
      return renderDashboard(c, { error: actionErrorText(c.get('t'), cause), status: 502 });
    }
    await deps.poller.refresh();
    return c.redirect(`/?notice=reconnected&sid=${encodeURIComponent(sessionId)}`, 303);
  });

  app.get('/sessions/:sessionId/disconnect', async (c) => {
    const t = c.get('t');
    const session = await findSession(c.req.param('sessionId'));
    if (!session)
      return page(
        c,
        t.errorNotFound,
        messagePage(t.errorNotFound, '', { href: '/', label: t.backToSessions }),
        { status: 404, header: headerFor(c, csrfOf(c)) },
      );
    return page(
      c,
      format(t.confirmTitle, { name: session.name }),
      confirmDisconnectPage(t, session, csrfOf(c)),
      {
        header: headerFor(c, csrfOf(c)),
      },
    );
  });

  app.post('/sessions/:sessionId/disconnect', async (c) => {
    const sessionId = c.req.param('sessionId');
    try {
      await deps.hub.sessions.disconnect(sessionId);
    } catch (cause) {
      return renderDashboard(c, { error: actionErrorText(c.get('t'), cause), status: 502 });
    }
    await deps.poller.refresh();
    return c.redirect(`/?notice=disconnected&sid=${encodeURIComponent(sessionId)}`, 303);
  });

  app.post('/sessions/:sessionId/links', async (c) => {
    const t = c.get('t');
    const session = await findSession(c.req.param('sessionId'));
    if (!session) return renderDashboard(c, { error: t.errorNotFound, status: 409 });
    if (session.status === 'connected') {
      await deps.links.spendSession(session.sessionId);
      return renderDashboard(c, { error: t.errorAlreadyConnected, status: 409 });
    }
    const { token, link } = await deps.links.create(session.sessionId);
    const url = `${deps.publicUrl}/connect/${token}`;
    return page(c, format(t.linkTitle, { name: session.name }), linkPage(t, session, url, link.expiresAt), {
      scripts: ['link.js'],
      header: headerFor(c, csrfOf(c)),
    });
  });
}
