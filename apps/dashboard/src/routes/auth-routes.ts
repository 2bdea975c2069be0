import type { Context, Hono, MiddlewareHandler } from 'hono';
import { SESSION_TTL_MS } from '../auth/operator-session.js';
import { secretsEqual } from '../auth/passwords.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv, Deps } from '../http/context.js';
import { type Cookies, LOGIN_COOKIE, SESSION_COOKIE } from '../http/cookies.js';
import { page } from '../http/render.js';
import { format } from '../i18n/index.js';
import { loginPage } from '../views/login-page.js';
import { messagePage } from '../views/message-page.js';

/**
 * Lets a request through only with a valid session cookie. Pages redirect to the sign-in form; anything else
 * (a form post, the event stream) gets 401, so no change ever happens for a stranger.
 */
export function requireOperator(deps: Deps, cookies: Cookies): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await deps.sessions.read(cookies.get(c, SESSION_COOKIE));
    if (!session) {
      if (c.req.method === 'GET' && c.req.header('accept')?.includes('text/html'))
        return c.redirect('/login', 303);
      return c.text(c.get('t').errorSignInFirst, 401);
    }
    c.set('operator', session);
    await next();
  };
}

/**
 * Refuses a change without this session's CSRF token (form field `csrf` or header `X-CSRF-Token`). Runs
 * after {@link requireOperator} on every POST.
 */
export function requireCsrf(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    let token = c.req.header('x-csrf-token');
    if (!token) {
      const body = await c.req.parseBody();
      token = typeof body.csrf === 'string' ? body.csrf : undefined;
    }
    if (!deps.sessions.checkCsrf(c.get('operator'), token)) {
      const t = c.get('t');
      return page(c, t.errorCsrf, messagePage(t.errorCsrf, '', { href: '/', label: t.backToSessions }), {
        status: 403,
      });
    }
    await next();
  };
}

/** `GET /login`, `POST /login` and `POST /logout`. */
export function registerAuthRoutes(app: Hono<AppEnv>, deps: Deps, cookies: Cookies): void {
  const showLogin = (
    c: Context<AppEnv>,
    error?: string,
    user?: string,
    status: 200 | 401 | 403 | 429 = 200,
  ) => {
    const nonce = deps.sessions.newLoginNonce();
    cookies.set(c, LOGIN_COOKIE, nonce, 3600);
    const t = c.get('t');
    return page(c, t.loginTitle, loginPage(t, deps.sessions.loginCsrfToken(nonce), error, user), { status });
  };

  app.get('/login', async (c) => {
    if (await deps.sessions.read(cookies.get(c, SESSION_COOKIE))) return c.redirect('/', 303);
    return showLogin(c);
  });

  app.post('/login', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const user = typeof body.user === 'string' ? body.user.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
    if (!deps.sessions.checkLoginCsrf(cookies.get(c, LOGIN_COOKIE), csrf)) {
      return showLogin(c, t.loginFormExpired, user, 403);
    }
    const address = clientAddress(c, deps.trustProxy);
    const verdict = deps.limiter.check(user, address);
    if (!verdict.ok) {
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      c.header('Retry-After', String(seconds));
      return showLogin(c, format(t.loginLocked, { seconds }), user, 429);
    }
    // Both compared every time, so the response time does not say whether the user name was right.
    const userOk = secretsEqual(user, deps.operator.user);
    const passwordOk = secretsEqual(password, deps.operator.password);
    if (!userOk || !passwordOk) {
      deps.limiter.fail(user, address);
      deps.logger.info(`Failed sign-in from ${address}.`);
      return showLogin(c, t.loginFailed, user, 401);
    }
    deps.limiter.succeed(user, address);
    const { cookie } = deps.sessions.issue(deps.operator.user);
    cookies.clear(c, LOGIN_COOKIE);
    cookies.set(c, SESSION_COOKIE, cookie, SESSION_TTL_MS / 1000);
    return c.redirect('/', 303);
  });
}

/** `POST /logout`: behind the operator and CSRF checks, so a third-party page cannot sign anyone out. */
export function registerLogout(app: Hono<AppEnv>, deps: Deps, cookies: Cookies): void {
  app.post('/logout', async (c) => {
    await deps.sessions.revoke(c.get('operator'));
    cookies.clear(c, SESSION_COOKIE);
    return c.redirect('/login', 303);
  });
}
