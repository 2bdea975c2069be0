import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { SandboxError } from '../domain/errors.js';
import type { AppDeps, AppEnv, SandboxApp } from './context.js';
import { registerControlRoutes } from './control-routes.js';
import { fail } from './envelope.js';
import { apiKeyMiddleware, latencyMiddleware, requestIdMiddleware } from './middleware.js';
import { registerConnectSession } from './routes/connect-session.js';
import { registerCreateSession } from './routes/create-session.js';
import { registerDisconnectSession } from './routes/disconnect-session.js';
import { registerGetQr } from './routes/get-qr.js';
import { registerGetStatus } from './routes/get-status.js';
import { registerListSessions } from './routes/list-sessions.js';
import { registerLogin } from './routes/login.js';

/** Builds the sandbox's HTTP app: the spec's operations under `/api`, the simulated phone under `/sandbox`. */
export function createApp(deps: AppDeps): SandboxApp {
  const app = new Hono<AppEnv>();
  app.use('*', requestIdMiddleware);
  // The guide's dashboard calls the API from a browser page, so the public routes allow any origin (the
  // API key still guards them). The phone routes stay same-origin.
  app.use(
    '/api/*',
    cors({
      origin: '*',
      allowHeaders: ['X-API-Key', 'Authorization', 'Content-Type'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
    }),
  );
  app.use('/api/*', latencyMiddleware(deps.latencyMs));
  // Login is the one public route without an API key. (Hono's `/api/sessions/*` also matches
  // `/api/sessions` itself, so one registration covers the collection and every session route.)
  app.use('/api/sessions/*', apiKeyMiddleware(deps));

  registerLogin(app, deps);
  registerCreateSession(app, deps);
  registerListSessions(app, deps);
  registerConnectSession(app, deps);
  registerGetQr(app, deps);
  registerGetStatus(app, deps);
  registerDisconnectSession(app, deps);
  registerControlRoutes(app, deps);

  app.notFound((c) => fail(c, new SandboxError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`)));
  app.onError((error, c) => fail(c, error));
  return app;
}
