import { InboxHub } from '@inbox-hub/client';
import { canary, freePort } from '@inbox-hub/contract-testing';
import { type ManualClock, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { type RunningDashboard, startDashboard } from '../../src/index.js';

/** The operator's test credentials. */
export const OPERATOR = { user: 'operator', password: 'correct horse battery' } as const;
/** The API token of `POST /api/connect-links` in tests. */
export const API_TOKEN = 'test-api-token-0123456789abcdef';

/** A sandbox Inbox Hub on a manual clock with the dashboard in front of it. */
export interface Stack {
  sandbox: RunningSandbox;
  /** The client the dashboard uses, for a test to act on the account directly. */
  hub: InboxHub;
  clock: ManualClock;
  dashboard: RunningDashboard;
  /** The dashboard's URL. */
  url: string;
  /** Creates a session straight through the API (not the dashboard), connected or not. */
  seed(
    sessionId: string,
    options?: { name?: string; phoneNumber?: string; connect?: boolean },
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the stack. The sandbox account's API key and password are the canaries, so any test can check
 * that they never reach a browser. The dashboard uses the sandbox's clock, so QR and link expiries move only when a test
 * advances it; the poll runs every 100 ms so the pages follow quickly.
 */
export async function startStack(
  options: {
    linkTtlMs?: number;
    linkRecheckMs?: number;
    fetch?: typeof fetch;
    apiToken?: string | undefined;
    pollIntervalMs?: number;
    /** The dashboard store (a SQLite path); in memory by default. */
    store?: string;
  } = {},
): Promise<Stack> {
  const sandbox = await startSandbox({
    clock: 'manual',
    rateLimit: false,
    tenants: [{ apiKey: canary.apiKey, email: canary.email, password: canary.password }],
    qr: { firstQrMs: 60_000, nextQrMs: 20_000, maxQrs: 3 },
  });
  const clock = sandbox.clock as ManualClock;
  // With the account login the client also fetches a JWT (for creates), so the leak checks cover it too.
  const hub = new InboxHub({
    baseUrl: sandbox.url,
    apiKey: canary.apiKey,
    email: canary.email,
    password: canary.password,
    maxRetries: 0,
    fetch: options.fetch,
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dashboard = await startDashboard({
    hub,
    operator: OPERATOR,
    secret: 'test-secret-that-is-long-enough-0123456789',
    publicUrl: url,
    secureCookies: false,
    apiToken: 'apiToken' in options ? options.apiToken : API_TOKEN,
    linkTtlMs: options.linkTtlMs,
    linkRecheckMs: options.linkRecheckMs,
    pollIntervalMs: options.pollIntervalMs ?? 100,
    store: options.store ?? ':memory:',
    now: () => clock.now(),
    port,
  });
  return {
    sandbox,
    hub,
    clock,
    dashboard,
    url,
    async seed(sessionId, seedOptions = {}) {
      await hub.sessions.create({
        sessionId,
        name: seedOptions.name ?? sessionId,
        ...(seedOptions.phoneNumber ? { phoneNumber: seedOptions.phoneNumber } : {}),
      });
      if (seedOptions.connect) {
        await hub.sessions.connect(sessionId);
        sandbox.phone.scan({ sessionId });
      }
    },
    async close() {
      await dashboard.stop();
      await sandbox.close();
    },
  };
}
