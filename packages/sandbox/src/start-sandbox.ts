import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { TokenService } from './auth/tokens.js';
import { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js';
import { defaultQrTiming, type QrTiming } from './domain/qr-timing.js';
import { SessionService } from './domain/session-service.js';
import { createApp } from './http/app.js';
import { defaultRateLimit, type RateLimit, RateLimiter } from './http/rate-limiter.js';
import { generateSecret } from './ids.js';
import { createPhone, type SandboxPhone } from './phone.js';
import { memoryPersistence } from './storage/persistence.js';
import { sqlitePersistence } from './storage/sqlite-persistence.js';
import { SandboxState } from './storage/state.js';
import { ensureTenants, type TenantOptions } from './tenants.js';

/** Options of {@link startSandbox}. Every one is optional. */
export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`: the sandbox is for this machine. */
  host?: string;
  /**
   * The accounts. Default: those already in `dataFile`, else one generated account (random API key and
   * password, e-mail `sandbox@example.com`).
   */
  tenants?: TenantOptions[];
  /** `'manual'` gives a {@link ManualClock} (returned as `clock`) that only moves when a test says so. */
  clock?: Clock | 'manual';
  /** QR rotation; default 60 s, then 20 s, 5 codes. */
  qr?: Partial<QrTiming>;
  /** Per-key limit; default 600 requests a minute. `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** Real-time delay added to every `/api` request (benchmarks use ~20 ms). Default 0. */
  latencyMs?: number;
  /** When set, the simulated phone scans each session's QR this long after `/connect`. Default off. */
  autoScanAfterMs?: number | null;
  /** A SQLite file that keeps all state across restarts. Default: memory only. */
  dataFile?: string;
  /** Secret that signs JWTs. Default: generated once and kept in `dataFile`. */
  jwtSecret?: string;
}

/** One account of a running sandbox. */
export interface SandboxAccount {
  apiKey: string;
  email: string;
  password: string;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, such as `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** The default (first) account's API key. */
  apiKey: string;
  /** The default account. */
  account: SandboxAccount;
  /** Every account, the default first. */
  accounts: SandboxAccount[];
  /** The manual clock, when one is in use. */
  clock: ManualClock | undefined;
  /** The simulated phone. */
  phone: SandboxPhone;
  /** Stops listening, drops open connections and closes the data file. */
  close(): Promise<void>;
}

function isManual(clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function';
}

/**
 * Starts a sandbox Inbox Hub: the spec's API with state, plus the simulated phone. Resolves once it is
 * listening.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock === 'manual' ? createManualClock() : (options.clock ?? systemClock);
  const state = new SandboxState(options.dataFile ? sqlitePersistence(options.dataFile) : memoryPersistence);
  try {
    const tenants = ensureTenants(state, options.tenants);
    let secret = options.jwtSecret ?? state.getMeta('jwtSecret');
    if (!secret) {
      secret = generateSecret();
      state.setMeta('jwtSecret', secret);
    }
    const timing: QrTiming = { ...defaultQrTiming, ...options.qr };
    if (timing.firstQrMs <= 0 || timing.nextQrMs <= 0 || timing.maxQrs < 1) {
      throw new RangeError('startSandbox: QR durations must be > 0 ms and maxQrs >= 1.');
    }
    const sessions = new SessionService(state, {
      clock,
      timing,
      autoScanAfterMs: options.autoScanAfterMs ?? null,
    });
    const rateLimit = options.rateLimit === undefined ? defaultRateLimit : options.rateLimit;
    const app = createApp({
      state,
      sessions,
      tokens: new TokenService(secret, clock),
      clock,
      limiter: rateLimit === false ? null : new RateLimiter(rateLimit, clock),
      latencyMs: options.latencyMs ?? 0,
    });

    const host = options.host ?? '127.0.0.1';
    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
        resolve(s as Server),
      );
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    const accounts = tenants.map(({ apiKey, email, password }) => ({ apiKey, email, password }));
    const [defaultTenant] = tenants;
    if (!defaultTenant || !accounts[0]) throw new Error('startSandbox: no account.');
    let closed: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      apiKey: defaultTenant.apiKey,
      account: accounts[0],
      accounts,
      clock: isManual(clock) ? clock : undefined,
      phone: createPhone(sessions, state, defaultTenant),
      close() {
        closed ??= new Promise<void>((resolve) => {
          server.close(() => {
            state.close();
            resolve();
          });
          // Keep-alive sockets (Prism keeps some) would otherwise hold `close` open.
          server.closeAllConnections();
        });
        return closed;
      },
    };
  } catch (error) {
    state.close();
    throw error;
  }
}
