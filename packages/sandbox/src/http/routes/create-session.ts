import type { Context } from 'hono';
import { SandboxError } from '../../domain/errors.js';
import type { AppDeps, AppEnv, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { sessionBody } from '../serialize.js';
import { parseCreateSession, readJsonObject } from '../validate.js';

/**
 * The guide's step-by-step flow sends a bearer JWT with the key here; its manager class sends the key
 * alone. Both are accepted, but a token that is sent must be valid and belong to the key's account.
 */
async function checkOptionalBearer(c: Context<AppEnv>, deps: AppDeps): Promise<void> {
  const header = c.req.header('authorization');
  if (header === undefined) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new SandboxError(
      401,
      'INVALID_TOKEN',
      'Authentication failed. Send the token as "Authorization: Bearer <token>".',
    );
  }
  const tenantId = await deps.tokens.verify(match[1]);
  if (tenantId !== c.get('tenant').id) {
    throw new SandboxError(
      401,
      'INVALID_TOKEN',
      'Authentication failed. The access token belongs to another account.',
    );
  }
}

/** `POST /api/sessions`. */
export function registerCreateSession(app: SandboxApp, deps: AppDeps): void {
  app.post('/api/sessions', async (c) => {
    await checkOptionalBearer(c, deps);
    const input = parseCreateSession(await readJsonObject(c));
    const session = deps.sessions.create(c.get('tenant'), input);
    return ok(c, await sessionBody(session, deps.sessions), 'Session created', 201);
  });
}
