import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InboxHub } from '@inbox-hub/client';
import { assertNoCanary, canary, freePort } from '@inbox-hub/contract-testing';
import { type RunningDashboard, startDashboard } from '@inbox-hub/dashboard';
import { type ManualClock, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectLinkApi } from '../src/connect-links.js';
import { call, connect, type Harness, structured, text } from './helpers.js';

// create_connect_link against the real dashboard (its POST /api/connect-links), which checks the session
// in the sandbox with its own client. The sandbox runs on a manual clock shared with the dashboard, so
// link expiries are exact. The dashboard token is a secret like the API key: no result may carry it.
const DASHBOARD_TOKEN = 'mcp-test-dashboard-token-0123456789abcdef';

let sandbox: RunningSandbox;
let clock: ManualClock;
let dashboard: RunningDashboard;
let harness: Harness | undefined;

async function startTestDashboard(apiToken: string | undefined): Promise<RunningDashboard> {
  const hub = new InboxHub({
    baseUrl: sandbox.url,
    apiKey: canary.apiKey,
    email: canary.email,
    password: canary.password,
    maxRetries: 0,
  });
  return startDashboard({
    hub,
    operator: { user: 'operator', password: 'correct horse battery' },
    secret: 'mcp-test-dashboard-secret-0123456789abcdef',
    publicUrl: `http://127.0.0.1:${await freePort()}`,
    secureCookies: false,
    apiToken,
    store: ':memory:',
    now: () => clock.now(),
    port: 0,
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: 'manual',
    rateLimit: false,
    tenants: [{ apiKey: canary.apiKey, email: canary.email, password: canary.password }],
  });
  clock = sandbox.clock as ManualClock;
  dashboard = await startTestDashboard(DASHBOARD_TOKEN);
});
afterAll(async () => {
  await dashboard?.stop();
  await sandbox?.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Connects a client; `null` leaves the dashboard unconfigured. */
async function open(api: { url: string; token?: string } | null = { url: dashboard.url }) {
  harness = await connect({
    baseUrl: sandbox.url,
    apiKey: canary.apiKey,
    email: canary.email,
    password: canary.password,
    now: () => clock.now(),
    secrets: [canary.apiKey, canary.password, DASHBOARD_TOKEN],
    connectLinks:
      api === null ? undefined : new ConnectLinkApi({ url: api.url, token: api.token ?? DASHBOARD_TOKEN }),
  });
  return harness;
}

describe('create_connect_link against the dashboard', () => {
  it('is offered only when the dashboard is configured, with all four annotations, and not in read-only mode', async () => {
    const without = await open(null);
    expect((await without.client.listTools()).tools.map((t) => t.name)).not.toContain('create_connect_link');
    await without.close();

    const { client } = await open();
    const tool = (await client.listTools()).tools.find((t) => t.name === 'create_connect_link');
    expect(tool?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(tool?.outputSchema?.properties).toHaveProperty('link');
    await harness?.close();

    // A link lets whoever holds it link a phone: read-only mode leaves it out, and so does an allow-list.
    harness = await connect({
      baseUrl: sandbox.url,
      readOnly: true,
      connectLinks: new ConnectLinkApi({ url: dashboard.url, token: DASHBOARD_TOKEN }),
    });
    expect((await harness.client.listTools()).tools.map((t) => t.name)).not.toContain('create_connect_link');
    await harness.close();
    harness = await connect({
      baseUrl: sandbox.url,
      allowedTools: ['create_connect_link'],
      connectLinks: new ConnectLinkApi({ url: dashboard.url, token: DASHBOARD_TOKEN }),
    });
    expect((await harness.client.listTools()).tools.map((t) => t.name)).toEqual(['create_connect_link']);
  });

  it('returns a signed link to a pending session that opens the customer page', async () => {
    const { client } = await open();
    structured(await call(client, 'create_session', { sessionId: 'link_cliente', name: 'Empresa Link' }));
    const result = await call(client, 'create_connect_link', { sessionId: 'link_cliente' });
    const out = structured<{ link: { url: string; sessionId: string; expiresAt: string }; nextStep: string }>(
      result,
    );
    expect(out.link.sessionId).toBe('link_cliente');
    expect(out.link.url.startsWith(`${dashboard.url.replace(/:\d+$/, '')}`)).toBe(true);
    expect(out.link.url).toMatch(/\/connect\/[A-Za-z0-9._~-]+$/);
    expect(Date.parse(out.link.expiresAt) - clock.now()).toBe(24 * 3_600_000);
    expect(out.nextStep).toMatch(/Send this link to the customer.*about 24 h.*wait_for_connection/);
    // The text block carries the same JSON, for clients that ignore structured content.
    expect(JSON.parse(text(result))).toEqual(out);

    // The customer's page, served by the dashboard at the link (its public URL points elsewhere here).
    const path = new URL(out.link.url).pathname;
    const page = await fetch(new URL(path, dashboard.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Empresa Link');
    assertNoCanary(JSON.stringify(result), 'the tool result');
    expect(JSON.stringify(result)).not.toContain(DASHBOARD_TOKEN);
  });

  it('takes a shorter lifetime and checks it before any request', async () => {
    const { client } = await open();
    structured(await call(client, 'create_session', { sessionId: 'link_short' }));
    const short = structured<{ link: { expiresAt: string } }>(
      await call(client, 'create_connect_link', { sessionId: 'link_short', ttlHours: 2 }),
    );
    expect(Date.parse(short.link.expiresAt) - clock.now()).toBe(2 * 3_600_000);
    for (const ttlHours of [0, -1, 721]) {
      const bad = await call(client, 'create_connect_link', { sessionId: 'link_short', ttlHours });
      expect(bad.isError, String(ttlHours)).toBe(true);
      expect(text(bad)).toMatch(/ttlHours/);
    }
    const badId = await call(client, 'create_connect_link', { sessionId: '../etc' });
    expect(badId.isError).toBe(true);
    expect(text(badId)).toMatch(/sessionId/);
  });

  it('explains an unknown session and a connected one with the next tool to call', async () => {
    const { client, hub } = await open();
    const missing = await call(client, 'create_connect_link', { sessionId: 'link_nobody' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/no session "link_nobody".*list_sessions.*create_session/);

    await hub.sessions.create({ sessionId: 'link_connected' });
    await hub.sessions.connect('link_connected');
    sandbox.phone.scan({ sessionId: 'link_connected' });
    const connected = await call(client, 'create_connect_link', { sessionId: 'link_connected' });
    expect(connected.isError).toBe(true);
    expect(text(connected)).toMatch(/already connected.*get_session_status/);
  });

  it('a wrong token, a dashboard with the API off and a dashboard that is down give readable errors without the token', async () => {
    const { client } = await open({ url: dashboard.url, token: `${DASHBOARD_TOKEN}-wrong` });
    structured(await call(client, 'create_session', { sessionId: 'link_errors' }));
    const wrong = await call(client, 'create_connect_link', { sessionId: 'link_errors' });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toMatch(/refused this server's token.*INBOX_HUB_DASHBOARD_API_TOKEN/);
    await harness?.close();

    const off = await startTestDashboard(undefined);
    try {
      const { client: offClient } = await open({ url: off.url });
      const disabled = await call(offClient, 'create_connect_link', { sessionId: 'link_errors' });
      expect(disabled.isError).toBe(true);
      expect(text(disabled)).toMatch(/switched off.*INBOX_HUB_DASHBOARD_API_TOKEN on the dashboard/);
    } finally {
      await off.stop();
    }
    await harness?.close();

    const { client: downClient } = await open({ url: `http://127.0.0.1:${await freePort()}` });
    const down = await call(downClient, 'create_connect_link', { sessionId: 'link_errors' });
    expect(down.isError).toBe(true);
    expect(text(down)).toMatch(/cannot be reached.*get_qr_code/);

    for (const result of [wrong, down]) expect(JSON.stringify(result)).not.toContain(DASHBOARD_TOKEN);
  });

  it('never follows a redirect with the token', async () => {
    // A "dashboard" that points elsewhere, and the elsewhere that records what reached it.
    const reached: IncomingHttpHeaders[] = [];
    const elsewhere = createHttpServer((req, res) => {
      reached.push(req.headers);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    const target = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/api/connect-links`;
    const redirecting = createHttpServer((_req, res) => res.writeHead(307, { location: target }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const { client } = await open({
        url: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`,
      });
      const result = await call(client, 'create_connect_link', { sessionId: 'link_errors' });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/redirect to http:\/\/127\.0\.0\.2:\d+.*INBOX_HUB_DASHBOARD_URL/);
      expect(reached).toEqual([]);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });

  it('keeps the token out of its JSON and inspect views', async () => {
    const { inspect } = await import('node:util');
    const api = new ConnectLinkApi({ url: dashboard.url, token: DASHBOARD_TOKEN });
    expect(JSON.stringify({ api })).not.toContain(DASHBOARD_TOKEN);
    expect(inspect(api, { showHidden: true })).not.toContain(DASHBOARD_TOKEN);
  });
});

describe('ConnectLinkApi on its own (no redactor in the way)', () => {
  /** A "dashboard" on loopback that answers every request with `answer`. */
  /** The error `create` fails with (the test fails if it succeeds). */
  async function failure(api: ConnectLinkApi): Promise<Error> {
    const link = await api.create('link_errors').catch((e: Error) => e);
    if (!(link instanceof Error)) throw new Error(`expected a failure, got a link: ${link.url}`);
    return link;
  }

  async function dashboardAnswering(
    answer: (res: import('node:http').ServerResponse) => void,
  ): Promise<{ url: string; close(): void }> {
    const server = createHttpServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  }

  it("quotes a refusal's message without the token, even when the dashboard echoes it", async () => {
    const echo = await dashboardAnswering((res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'BAD_REQUEST', message: `token ${DASHBOARD_TOKEN} is odd` } })),
    );
    try {
      const api = new ConnectLinkApi({ url: echo.url, token: DASHBOARD_TOKEN });
      const error = await failure(api);
      expect(error.message).toMatch(/rejected the request \(HTTP 400\)\. token \[redacted\] is odd/);
      expect(error.message).not.toContain(DASHBOARD_TOKEN);
    } finally {
      echo.close();
    }
  });

  it('says the dashboard was too slow when it sends its headers and then stalls', async () => {
    const stalls = await dashboardAnswering((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"url":');
    });
    try {
      const api = new ConnectLinkApi({ url: stalls.url, token: DASHBOARD_TOKEN, timeoutMs: 300 });
      const error = await failure(api);
      expect(error.message).toMatch(/did not answer within 0 s/);
      expect(error.message).not.toMatch(/not a connect link/);
    } finally {
      stalls.close();
    }
  });

  it('asks to call again later on a 5xx', async () => {
    const broken = await dashboardAnswering((res) =>
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'STORE_DOWN', message: 'later' } })),
    );
    try {
      const api = new ConnectLinkApi({ url: broken.url, token: DASHBOARD_TOKEN });
      const error = await failure(api);
      expect(error.message).toMatch(/could not create the link \(HTTP 503 STORE_DOWN\).*again/);
    } finally {
      broken.close();
    }
  });
});
