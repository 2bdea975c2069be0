import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { stateBody } from '../serialize.js';
import { parseSessionIdParam } from '../validate.js';

/** `POST /api/sessions/{sessionId}/disconnect`. */
export function registerDisconnectSession(app: SandboxApp, deps: AppDeps): void {
  app.post('/api/sessions/:sessionId/disconnect', (c) => {
    const sessionId = parseSessionIdParam(c.req.param('sessionId'));
    const session = deps.sessions.disconnect(c.get('tenant'), sessionId);
    const message =
      session.status === 'disconnected'
        ? 'Session disconnected'
        : `Session is ${session.status}; nothing to disconnect`;
    return ok(c, stateBody(session), message);
  });
}
