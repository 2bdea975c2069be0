import type { MiddlewareHandler } from 'hono';
import { SandboxError } from '../domain/errors.js';
import { requestId } from '../ids.js';
import type { AppDeps, AppEnv } from './context.js';

/** Gives every response an `X-Request-Id`, as the spec requires. */
export const requestIdMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = requestId();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
  c.res.headers.set('X-Request-Id', id);
};

/** Waits `latencyMs` of real time before the handler runs, to make a benchmark's network realistic. */
export function latencyMiddleware(latencyMs: number): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    await next();
  };
}

/**
 * Resolves the `X-API-Key` header to its tenant (401 `INVALID_API_KEY` otherwise), then counts the
 * request against that key's rate limit (429 `RATE_LIMITED` with `Retry-After`).
 */
export function apiKeyMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const apiKey = c.req.header('x-api-key');
    const tenant = apiKey ? deps.state.tenantByApiKey(apiKey) : undefined;
    if (!tenant) throw new SandboxError(401, 'INVALID_API_KEY', 'Invalid or missing API key');
    enforceRateLimit(deps, `key:${tenant.id}`);
    c.set('tenant', tenant);
    await next();
  };
}

/** Throws 429 when `key` is over the limit. */
export function enforceRateLimit(deps: AppDeps, key: string): void {
  const verdict = deps.limiter?.take(key);
  if (verdict && !verdict.allowed) {
    throw new SandboxError(
      429,
      'RATE_LIMITED',
      `Too many requests. Try again in ${verdict.retryAfterSeconds} seconds.`,
      undefined,
      verdict.retryAfterSeconds,
    );
  }
}
