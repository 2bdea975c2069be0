import type { Context } from 'hono';
import { SandboxError, validationFailed } from '../domain/errors.js';
import type { SessionRecord, Tenant } from '../domain/model.js';
import { decodeQrImage } from '../domain/qr-image.js';
import type { MismatchPolicy, ScanResult } from '../domain/session-service.js';
import type { AppDeps, AppEnv, SandboxApp } from './context.js';
import { ok } from './envelope.js';
import { iso } from './serialize.js';
import { readJsonObject } from './validate.js';

/** The tenant of the `X-API-Key` header; control routes that name a session need it. */
function tenantOf(c: Context<AppEnv>, deps: AppDeps): Tenant {
  const apiKey = c.req.header('x-api-key');
  const tenant = apiKey ? deps.state.tenantByApiKey(apiKey) : undefined;
  if (!tenant)
    throw new SandboxError(
      401,
      'INVALID_API_KEY',
      "Naming a session or logging a phone out needs the account's X-API-Key header.",
    );
  return tenant;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw validationFailed([{ field, message: 'must be a string' }]);
  return value;
}

function scanBody(result: ScanResult) {
  return {
    sessionId: result.session.sessionId,
    id: result.session.id,
    status: result.session.status,
    phoneNumber: result.phoneNumber,
    flags: result.flags,
  };
}

/** A session as the control API shows it: with what the public API hides (flags, the QR's payload). */
function controlView(session: SessionRecord) {
  return {
    id: session.id,
    sessionId: session.sessionId,
    status: session.status,
    expectedPhoneNumber: session.expectedPhoneNumber,
    connectedPhoneNumber: session.connectedPhoneNumber,
    flags: session.flags,
    qr: session.attempt
      ? {
          payload: session.attempt.payload,
          index: session.attempt.qrIndex,
          issuedAt: iso(session.attempt.issuedAt),
          expiresAt: iso(session.attempt.expiresAt),
        }
      : null,
  };
}

/**
 * The simulated phone and other sandbox-only controls, under `/sandbox/`. They are not part of the public
 * spec (a real Inbox Hub has no such thing); the README documents them.
 */
export function registerControlRoutes(app: SandboxApp, deps: AppDeps): void {
  app.get('/sandbox/health', (c) => ok(c, { status: 'ok', time: iso(deps.clock.now()) }));

  // Scan by the QR's payload, by its image (decoded like a camera would), or by naming the session.
  app.post('/sandbox/phone/scan', async (c) => {
    const body = await readJsonObject(c);
    const phoneNumber = optionalString(body, 'phoneNumber');
    const onMismatch = (optionalString(body, 'onMismatch') ?? 'flag') as MismatchPolicy;
    if (onMismatch !== 'flag' && onMismatch !== 'reject') {
      throw validationFailed([{ field: 'onMismatch', message: 'must be "flag" or "reject"' }]);
    }
    const image = optionalString(body, 'image');
    const sessionId = optionalString(body, 'sessionId');
    let payload = optionalString(body, 'payload');
    if (image !== undefined) {
      payload = decodeQrImage(image);
      if (payload === undefined)
        throw new SandboxError(422, 'QR_UNREADABLE', 'No QR code could be read from the image.');
    }
    let result: ScanResult;
    if (payload !== undefined) result = deps.sessions.scan(payload, phoneNumber, onMismatch);
    else if (sessionId !== undefined) {
      result = deps.sessions.scanSession(tenantOf(c, deps), sessionId, phoneNumber, onMismatch);
    } else {
      throw validationFailed([{ field: 'payload', message: 'send one of payload, image or sessionId' }]);
    }
    const message = result.flags.length > 0 ? `Connected, flagged: ${result.flags.join(', ')}` : 'Connected';
    return ok(c, scanBody(result), message);
  });

  // The phone logs out: every session of the key's account connected with that number, or one named
  // session. The key is required: without one, anyone who guessed a number could log out another
  // account's sessions.
  app.post('/sandbox/phone/logout', async (c) => {
    const body = await readJsonObject(c);
    const phoneNumber = optionalString(body, 'phoneNumber');
    const sessionId = optionalString(body, 'sessionId');
    const tenant = tenantOf(c, deps);
    let affected: SessionRecord[];
    if (sessionId !== undefined) affected = [deps.sessions.logoutSession(tenant, sessionId)];
    else if (phoneNumber !== undefined) {
      affected = deps.sessions.logoutPhone(phoneNumber, tenant);
    } else {
      throw validationFailed([{ field: 'phoneNumber', message: 'send phoneNumber or sessionId' }]);
    }
    const sessions = affected.map((s) => ({ sessionId: s.sessionId, status: s.status }));
    return ok(c, { sessions, count: sessions.length }, `${sessions.length} session(s) logged out`);
  });

  // What the sandbox knows about the key's sessions, including each current QR's payload.
  app.get('/sandbox/sessions', (c) => {
    const tenant = tenantOf(c, deps);
    return ok(c, { sessions: deps.sessions.list(tenant).map(controlView) });
  });
}
