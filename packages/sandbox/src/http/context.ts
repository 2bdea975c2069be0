import type { Hono } from 'hono';
import type { TokenService } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Tenant } from '../domain/model.js';
import type { SessionService } from '../domain/session-service.js';
import type { SandboxState } from '../storage/state.js';
import type { RateLimiter } from './rate-limiter.js';

/** What the routes need; built once by `startSandbox`. */
export interface AppDeps {
  state: SandboxState;
  sessions: SessionService;
  tokens: TokenService;
  clock: Clock;
  /** Null when rate limiting is off. */
  limiter: RateLimiter | null;
  /** Artificial delay before each public API request is handled. */
  latencyMs: number;
}

/** Per-request values set by the middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    tenant: Tenant;
  };
}

/** The sandbox's Hono app type. */
export type SandboxApp = Hono<AppEnv>;
