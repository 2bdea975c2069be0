import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { sessionBody } from '../serialize.js';

/** `GET /api/sessions`: the key's sessions only. */
export function registerListSessions(app: SandboxApp, deps: AppDeps): void {
  app.get('/api/sessions', async (c) => {
    const sessions = deps.sessions.list(c.get('tenant'));
    const bodies = await Promise.all(sessions.map((s) => sessionBody(s, deps.sessions)));
    return ok(c, { sessions: bodies, total: bodies.length });
  });
}
