import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SandboxError } from '../domain/errors.js';
import type { AppEnv } from './context.js';

/** Sends the success envelope `{ success: true, message?, data }`. */
export function ok(c: Context<AppEnv>, data: unknown, message?: string, status: ContentfulStatusCode = 200) {
  const body = message === undefined ? { success: true, data } : { success: true, message, data };
  return c.json(body, status);
}

/**
 * Sends the error envelope `{ success: false, message, code, details? }`. Anything that is not a
 * {@link SandboxError} is a bug in the sandbox: it becomes a 500 `INTERNAL_ERROR` with no detail, so no
 * stack or input leaks into a response.
 */
export function fail(c: Context<AppEnv>, error: unknown) {
  const known =
    error instanceof SandboxError ? error : new SandboxError(500, 'INTERNAL_ERROR', 'Internal server error');
  const body: Record<string, unknown> = { success: false, message: known.message, code: known.code };
  if (known.details && known.details.length > 0) body.details = known.details;
  if (known.retryAfterSeconds !== undefined) c.header('Retry-After', String(known.retryAfterSeconds));
  const requestId = c.get('requestId');
  if (requestId) c.header('X-Request-Id', requestId);
  return c.json(body, known.status as ContentfulStatusCode);
}
