import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { statusBody } from '../serialize.js';
import { parseDbIdParam } from '../validate.js';

/** `GET /api/sessions/{id}/status`: by the numeric database id, as the guide calls it. */
export function registerGetStatus(app: SandboxApp, deps: AppDeps): void {
  app.get('/api/sessions/:id/status', (c) => {
    const id = parseDbIdParam(c.req.param('id'));
    const session = deps.sessions.getById(c.get('tenant'), id);
    return ok(c, statusBody(session, deps.sessions));
  });
}
