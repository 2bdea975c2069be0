import type { InboxHub } from '@inbox-hub/client';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LoginLimiter } from './auth/login-limiter.js';
import { OperatorSessions } from './auth/operator-session.js';
import { Signer } from './auth/signer.js';
import type { AppEnv, Deps } from './http/context.js';
import { Cookies } from './http/cookies.js';
import { page } from './http/render.js';
import { securityHeaders } from './http/security-headers.js';
import { registerStaticFiles } from './http/static-files.js';
import { messages, pickLocale } from './i18n/index.js';
import { ConnectLinks } from './links/connect-links.js';
import { LinkGuard } from './links/link-guard.js';
import { SessionPoller } from './live/poller.js';
import { type Logger, silentLogger } from './logger.js';
import { registerApiRoutes } from './routes/api-routes.js';
import { registerAuthRoutes, registerLogout, requireCsrf, requireOperator } from './routes/auth-routes.js';
import { registerCustomerRoutes } from './routes/customer-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerLiveEvents } from './routes/live-events.js';
import { openStore } from './store/open-store.js';
import type { DashboardStore } from './store/store.js';
import { messagePage } from './views/message-page.js';

/** What {@link createDashboard} needs. Nothing is read from the environment here. */
export interface DashboardOptions {
  /** The Inbox Hub client; it holds the API key, which never leaves this process. */
  hub: InboxHub;
  /** The operator's credentials. */
  operator: { user: string; password: string };
  /** Signs cookies, CSRF tokens and connect links (at least 32 characters). */
  secret: string;
  /** The origin people open, such as `https://wa.example.com`: connect links point there. */
  publicUrl: string;
  /** Whether cookies get `Secure` and the `__Host-` prefix (true whenever the public URL is https). */
  secureCookies: boolean;
  /** Bearer token of `POST /api/connect-links`; the endpoint is off without one. */
  apiToken?: string | undefined;
  /** Connect-link lifetime. Default 24 h. */
  linkTtlMs?: number | undefined;
  /** How often the live links are read again while some are watched, so expired ones end the poll. Default 60 s. */
  linkRecheckMs?: number | undefined;
  /** Time between polls while a page is open. Default 3 s. */
  pollIntervalMs?: number | undefined;
  /**
   * What the dashboard shares and keeps (links and whether they are spent, sign-outs, the one poll): a
   * store; a `postgres://` URL, for replicas behind one URL; or the path of a SQLite file (`:memory:` keeps
   * it in memory, for tests). Required: there is no default here; the bin uses the data directory's
   * `dashboard.sqlite` unless `INBOX_HUB_DASHBOARD_DATABASE_URL` is set.
   */
  store: DashboardStore | string;
  /** This replica's name in the poll lease (logs and tests). Random by default. */
  replicaId?: string | undefined;
  /** Take the client address for the login limiter from `X-Forwarded-For`. */
  trustProxy?: boolean | undefined;
  /** The clock (tests pass the sandbox's manual clock so QR and link expiries move with it). */
  now?: (() => number) | undefined;
  logger?: Logger | undefined;
}

/** A dashboard ready to serve: its Hono app, plus the parts tests look at. */
export interface Dashboard {
  app: Hono<AppEnv>;
  poller: SessionPoller;
  links: ConnectLinks;
  store: DashboardStore;
  /**
   * Opens the store (creating its tables) and starts watching the sessions of links made before a restart.
   * Rejects when the store cannot be used. `startDashboard` calls it before it listens.
   */
  open(): Promise<void>;
  /** Stops the shared poll (handing its lease over), the link guard and the sign-out checks; closes the store. */
  close(): Promise<void>;
}

const DEFAULT_LINK_TTL_MS = 24 * 3_600_000;

/** Builds the dashboard's app. No side effects until it serves a request. */
export function createDashboard(options: DashboardOptions): Dashboard {
  if (options.secret.length < 32)
    throw new RangeError('createDashboard: secret must have at least 32 characters.');
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const signer = new Signer(options.secret);
  const publicUrl = new URL(options.publicUrl).origin;
  const store = typeof options.store === 'string' ? openStore(options.store) : options.store;
  const poller = new SessionPoller({
    hub: options.hub,
    store,
    intervalMs: options.pollIntervalMs ?? 3000,
    now,
    logger,
    replicaId: options.replicaId,
  });
  const links = new ConnectLinks({ signer, store, now, ttlMs: options.linkTtlMs ?? DEFAULT_LINK_TTL_MS });
  const guard = new LinkGuard({ poller, store, now, logger, recheckMs: options.linkRecheckMs });
  links.onCreate = () => void guard.update();
  const sessions = new OperatorSessions(signer, store, now);
  const deps: Deps = {
    hub: options.hub,
    poller,
    links,
    sessions,
    limiter: new LoginLimiter(now),
    logger,
    now,
    operator: options.operator,
    publicUrl,
    secureCookies: options.secureCookies,
    apiToken: options.apiToken,
    trustProxy: options.trustProxy ?? false,
  };
  const cookies = new Cookies(options.secureCookies);

  const app = new Hono<AppEnv>();
  app.use(securityHeaders(options.secureCookies));
  app.use(async (c, next) => {
    c.set('t', messages(pickLocale(c.req.header('accept-language'))));
    await next();
  });
  // A browser's cross-site POST carries its Origin: refuse it before any cookie is looked at.
  app.use(async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'POST' && origin && origin !== publicUrl && !c.req.path.startsWith('/api/')) {
      return c.text(c.get('t').errorCrossOrigin, 403);
    }
    await next();
  });

  // Every legitimate body here is a small form or JSON object.
  app.use(bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text(c.get('t').errorTooLarge, 413) }));

  registerStaticFiles(app);
  app.get('/healthz', (c) => c.json({ ok: true }));
  registerAuthRoutes(app, deps, cookies);
  registerCustomerRoutes(app, deps);
  registerApiRoutes(app, deps);

  const operatorOnly = [requireOperator(deps, cookies), requireCsrf(deps)] as const;
  for (const path of ['/', '/events', '/logout', '/sessions', '/sessions/*']) app.use(path, ...operatorOnly);
  registerLogout(app, deps, cookies);
  registerLiveEvents(app, deps);
  registerDashboardRoutes(app, deps);

  app.notFound((c) => {
    const t = c.get('t');
    return page(c, t.notFoundTitle, messagePage(t.notFoundTitle, t.notFoundText), { status: 404 });
  });
  app.onError((error, c) => {
    logger.warn('A request failed.', error);
    const t = c.get('t') ?? messages('en');
    return c.html(`<!doctype html><title>${t.errorServer}</title><p>${t.errorServer}</p>`, 500);
  });

  return {
    app,
    poller,
    links,
    store,
    async open() {
      await store.ready();
      // Links made before a restart (or on another replica) are still watched.
      await guard.update();
    },
    async close() {
      guard.close();
      sessions.close();
      await poller.close();
      await store.close();
    },
  };
}
