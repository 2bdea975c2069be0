import { qrPngBase64 } from '../../domain/qr-image.js';
import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { iso } from '../serialize.js';
import { parseSessionIdParam } from '../validate.js';

/** `GET /api/sessions/{sessionId}/qr`: the current QR as a `data:image/png;base64,` URL. */
export function registerGetQr(app: SandboxApp, deps: AppDeps): void {
  app.get('/api/sessions/:sessionId/qr', async (c) => {
    const sessionId = parseSessionIdParam(c.req.param('sessionId'));
    const { payload, expiresAt, session } = deps.sessions.currentQr(c.get('tenant'), sessionId);
    const qrCode = `data:image/png;base64,${await qrPngBase64(payload)}`;
    return ok(c, { sessionId: session.sessionId, qrCode, expiresAt: iso(expiresAt), status: session.status });
  });
}
