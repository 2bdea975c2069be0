import { safeEqual } from '../../auth/passwords.js';
import { SandboxError } from '../../domain/errors.js';
import type { AppDeps, SandboxApp } from '../context.js';
import { ok } from '../envelope.js';
import { enforceRateLimit } from '../middleware.js';
import { parseLogin, readJsonObject } from '../validate.js';

/** `POST /api/auth/login`: e-mail and password for a 24-hour HS256 JWT. */
export function registerLogin(app: SandboxApp, deps: AppDeps): void {
  app.post('/api/auth/login', async (c) => {
    const { identifier, password } = parseLogin(await readJsonObject(c));
    // Counted per identifier: login carries no API key, and this still slows a password-guessing loop.
    enforceRateLimit(deps, `login:${identifier.toLowerCase()}`);
    const tenant = deps.state.tenantByEmail(identifier);
    // Compare even when the account is unknown, so timing does not tell which e-mails exist.
    const matches = safeEqual(password, tenant?.password ?? '\u0000no-account');
    if (!tenant || !matches) {
      throw new SandboxError(401, 'INVALID_CREDENTIALS', 'Invalid identifier or password.');
    }
    const { accessToken, expiresIn } = await deps.tokens.issue(tenant);
    return ok(c, { accessToken, tokenType: 'Bearer', expiresIn }, 'Login successful');
  });
}
