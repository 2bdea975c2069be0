import { isInboxHubError, validateSessionId } from '@inbox-hub/client';
import type { Context, Hono } from 'hono';
import { secretsEqual } from '../auth/passwords.js';
import { ENV } from '../config.js';
import type { AppEnv, Deps } from '../http/context.js';

/** The longest link lifetime a caller may ask for: 30 days. */
const MAX_TTL_HOURS = 24 * 30;

function problem(
  c: Context<AppEnv>,
  status: 400 | 401 | 404 | 409 | 415 | 422 | 502 | 503,
  code: string,
  message: string,
) {
  return c.json({ error: { code, message } }, status);
}

/**
 * `POST /api/connect-links`: for the MCP server, the n8n node or any back end. Takes
 * `{ "sessionId": "...", "ttlHours"?: 24 }` with `Authorization: Bearer <INBOX_HUB_DASHBOARD_API_TOKEN>`
 * and answers 201 `{ url, sessionId, expiresAt }`. Off (404) until the token is configured.
 */
export function registerApiRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.post('/api/connect-links', async (c) => {
    if (!deps.apiToken) {
      return problem(
        c,
        404,
        'DISABLED',
        `This endpoint is off: set ${ENV.apiToken} on the dashboard to enable it.`,
      );
    }
    const auth = c.req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!token || !secretsEqual(token, deps.apiToken)) {
      c.header('WWW-Authenticate', 'Bearer');
      return problem(c, 401, 'UNAUTHORIZED', 'Send Authorization: Bearer <the dashboard API token>.');
    }
    if (!c.req.header('content-type')?.includes('application/json')) {
      return problem(
        c,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send a JSON body with Content-Type: application/json.',
      );
    }
    let body: { sessionId?: unknown; ttlHours?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, 'INVALID_JSON', 'The body is not valid JSON.');
    }
    let sessionId: string;
    try {
      sessionId = validateSessionId(body?.sessionId);
    } catch (cause) {
      return problem(c, 422, 'VALIDATION_ERROR', (cause as Error).message);
    }
    const ttlHours = body.ttlHours;
    if (
      ttlHours !== undefined &&
      (typeof ttlHours !== 'number' || !(ttlHours > 0) || ttlHours > MAX_TTL_HOURS)
    ) {
      return problem(
        c,
        422,
        'VALIDATION_ERROR',
        `ttlHours must be a number above 0 and at most ${MAX_TTL_HOURS}.`,
      );
    }
    let status: string | undefined;
    try {
      status = (await deps.hub.sessions.find(sessionId))?.status;
    } catch (cause) {
      const down = isInboxHubError(cause) && (cause.kind === 'connection' || cause.kind === 'timeout');
      deps.logger.warn('Checking a session for a connect link failed.', cause);
      return problem(
        c,
        down ? 503 : 502,
        'UPSTREAM_ERROR',
        'Inbox Hub did not answer as expected; try again shortly.',
      );
    }
    if (status === undefined) {
      return problem(c, 404, 'SESSION_NOT_FOUND', `No session "${sessionId}" in this Inbox Hub account.`);
    }
    if (status === 'connected') {
      // A connection seen here spends the session's links too, like one the poll or a link page sees.
      await deps.links.spendSession(sessionId);
      return problem(
        c,
        409,
        'SESSION_CONNECTED',
        `Session "${sessionId}" is already connected; it needs no link.`,
      );
    }
    const { token: linkToken, link } = await deps.links.create(
      sessionId,
      ttlHours === undefined ? undefined : (ttlHours as number) * 3_600_000,
    );
    return c.json(
      {
        url: `${deps.publicUrl}/connect/${linkToken}`,
        sessionId,
        expiresAt: new Date(link.expiresAt).toISOString(),
      },
      201,
    );
  });
}
