import { type PrismServer, startPrism, violationCheckingFetch } from '@inbox-hub/contract-testing';
import type { ManualClock } from '../src/clock.js';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../src/index.js';

/** A response as the tests look at it. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field
  body: any;
}

/** Options of one request. */
export interface CallOptions {
  method?: string;
  body?: unknown;
  /** The API key to send; the sandbox's default one unless `null`. */
  apiKey?: string | null;
  headers?: Record<string, string>;
}

/**
 * A sandbox on a manual clock behind Prism's validation proxy (`--errors`): every public API call goes
 * through Prism, so a response that breaks `spec/openapi.yaml` is turned into an error and recorded.
 */
export interface Harness {
  sandbox: RunningSandbox;
  prism: PrismServer;
  clock: ManualClock;
  /** The proxy's URL: what a client under test should use. */
  url: string;
  /** A fetch that records Prism's contract violations. */
  fetch: typeof fetch;
  /** Calls the public API through the proxy. */
  api(path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Calls the sandbox directly (the `/sandbox/` control routes are not in the spec, so Prism refuses them). */
  direct(path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Fails the test when Prism reported any violation. */
  assertNoViolations(): void;
  close(): Promise<void>;
}

async function call(
  fetchImpl: typeof fetch,
  base: string,
  path: string,
  options: CallOptions,
  defaultKey: string,
) {
  const headers: Record<string, string> = { ...options.headers };
  const apiKey = options.apiKey === undefined ? defaultKey : options.apiKey;
  if (apiKey !== null) headers['X-API-Key'] = apiKey;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetchImpl(`${base}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Starts a sandbox (manual clock unless `options.clock` says otherwise) and a strict Prism proxy in front. */
export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ clock: 'manual', ...options });
  const prism = await startPrism({ mode: 'proxy', upstream: sandbox.url, errors: true });
  const checked = violationCheckingFetch();
  const clock = sandbox.clock;
  if (!clock) throw new Error('startHarness needs a manual clock.');
  return {
    sandbox,
    prism,
    clock,
    url: prism.url,
    fetch: checked.fetch,
    api: (path, callOptions = {}) => call(checked.fetch, prism.url, path, callOptions, sandbox.apiKey),
    direct: (path, callOptions = {}) => call(fetch, sandbox.url, path, callOptions, sandbox.apiKey),
    assertNoViolations: () => checked.assertNone(),
    async close() {
      await prism.stop();
      await sandbox.close();
    },
  };
}

/** Creates a session and starts its connection; returns its numeric id. */
export async function createAndConnect(h: Harness, sessionId: string, phoneNumber?: string): Promise<number> {
  const created = await h.api('/api/sessions', {
    body: phoneNumber ? { sessionId, phoneNumber } : { sessionId },
  });
  if (created.status !== 201)
    throw new Error(`create ${sessionId}: ${created.status} ${JSON.stringify(created.body)}`);
  const connected = await h.api(`/api/sessions/${sessionId}/connect`, { method: 'POST' });
  if (connected.status !== 200) throw new Error(`connect ${sessionId}: ${connected.status}`);
  return created.body.data.id as number;
}
