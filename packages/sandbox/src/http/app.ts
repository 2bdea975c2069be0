import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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

/** The largest JSON body of an API request (a create is a few hundred bytes). */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** The largest body of a control request: a scan may carry a QR image as base64. */
export const MAX_CONTROL_BODY_BYTES = 512 * 1024;

/** 413 before anything is parsed: from Content-Length, or counted as a chunked body streams in. */
function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      fail(
        c,
        new SandboxError(
          413,
          'PAYLOAD_TOO_LARGE',
          `The request body is larger than ${maxSize / 1024} KB; it was not read.`,
        ),
      ),
  });
}

/**
 * The control routes take JSON only. A web page can send a cross-site "simple" request (text/plain, a
 * form) without a CORS preflight; insisting on application/json forces one, and these routes allow no
 * other origin, so a page on the Internet cannot drive the simulated phone.
 */
const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'POST') {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new SandboxError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as JSON, with Content-Type: application/json.',
      );
    }
  }
  await next();
};

/** Builds the sandbox's HTTP app: the spec's operations under `/api`, the simulated phone under `/sandbox`. */
export function createApp(deps: AppDeps): SandboxApp {
  const app = new Hono<AppEnv>();
  app.use('*', requestIdMiddleware);
  app.use('/api/*', limitBody(MAX_API_BODY_BYTES));
  app.use('/sandbox/*', limitBody(MAX_CONTROL_BODY_BYTES));
  app.use('/sandbox/*', jsonOnly);
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
