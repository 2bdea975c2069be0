import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { stateBody } from '../serialize.js';
import { parseSessionIdParam } from '../validate.js';

/** `POST /api/sessions/{sessionId}/connect`: starts an attempt with a fresh QR. */
export function registerConnectSession(app: SandboxApp, deps: AppDeps): void {
  app.post('/api/sessions/:sessionId/connect', (c) => {
    const sessionId = parseSessionIdParam(c.req.param('sessionId'));
    const session = deps.sessions.connect(c.get('tenant'), sessionId);
    const message =
      session.status === 'connected' ? 'Session already connected' : 'Connection process started';
    return ok(c, stateBody(session), message);
  });
}
