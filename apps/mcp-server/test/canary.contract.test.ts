import { assertNoCanary, canary, fakeJwt } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import { ConnectLinkApi } from '../src/connect-links.js';
import { createLogger } from '../src/logger.js';
import { createRedactor } from '../src/redact.js';
import { ALL_TOOLS } from '../src/tools/index.js';
import { call, connect } from './helpers.js';

const JWT = fakeJwt(Math.floor(Date.now() / 1000) + 86_400);

/** Arguments that reach the API for every tool. */
const ARGS: Record<string, Record<string, unknown>> = {
  create_session: { sessionId: 'cliente_12345', phoneNumber: '34612345678' },
  list_sessions: {},
  connect_session: { sessionId: 'cliente_12345' },
  get_qr_code: { sessionId: 'cliente_12345' },
  get_session_status: { sessionId: 'cliente_12345' },
  disconnect_session: { sessionId: 'cliente_12345' },
  setup_session: { sessionId: 'cliente_12345' },
  wait_for_connection: { sessionId: 'cliente_12345', timeoutSeconds: 5 },
  create_connect_link: { sessionId: 'cliente_12345' },
};

/** The dashboard's API token: a secret like the API key. */
const DASHBOARD_TOKEN = 'canary-dashboard-token-0123456789abcdef';

/**
 * The dashboard's connect-link API: a link on success; in `echo` mode a 401 that repeats the token and
 * the API key, as a careless proxy might.
 */
function dashboardFetch(mode: { echo: boolean }): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (mode.echo) {
      const message = `Bad token ${request.headers.get('authorization')} (key ${canary.apiKey})`;
      return Response.json({ error: { code: 'UNAUTHORIZED', message } }, { status: 401 });
    }
    const { sessionId } = (await request.json()) as { sessionId: string };
    return Response.json(
      { url: `https://wa.example.com/connect/x.y`, sessionId, expiresAt: '2030-01-01T00:00:00.000Z' },
      { status: 201 },
    );
  };
}

/**
 * Login answers with a JWT whose signature is a canary; in `echo` mode every session route fails with a
 * body that repeats the API key and the JWT, as a careless server or proxy might.
 */
function canaryFetch(mode: { echo: boolean }, seen: { bearer: number }) {
  return (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (request.headers.get('authorization') === `Bearer ${JWT}`) seen.bearer++;
      if (path === '/api/auth/login') {
        const response = await inner(request);
        const body = (await response.json()) as { data: { accessToken: string } };
        body.data.accessToken = JWT;
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      }
      if (mode.echo) {
        const message = `Invalid key ${canary.apiKey} for token ${JWT} (password ${canary.password})`;
        return new Response(JSON.stringify({ success: false, code: 'INVALID_API_KEY', message }), {
          status: 401,
          headers: { 'content-type': 'application/json', 'x-request-id': `req_${canary.apiKey}` },
        });
      }
      return inner(request);
    };
}

describe('canary: credentials never appear in any output', () => {
  for (const echo of [false, true]) {
    it(`every tool, resource and the prompt ${echo ? 'when the API echoes the secrets in errors' : 'on success'}`, async () => {
      const lines: string[] = [];
      const seen = { bearer: 0 };
      const logger = createLogger({
        level: 'debug',
        redactor: createRedactor([canary.apiKey, canary.password, DASHBOARD_TOKEN]),
        write: (line) => lines.push(line),
      });
      const harness = await connect({
        apiKey: canary.apiKey,
        email: canary.email,
        password: canary.password,
        logger,
        wrapFetch: canaryFetch({ echo }, seen),
        secrets: [canary.apiKey, canary.password, DASHBOARD_TOKEN],
        connectLinks: new ConnectLinkApi({
          url: 'https://wa.example.com',
          token: DASHBOARD_TOKEN,
          fetch: dashboardFetch({ echo }),
        }),
      });
      const outputs: unknown[] = [];
      try {
        for (const tool of ALL_TOOLS) {
          const result = await call(harness.client, tool.name, ARGS[tool.name]);
          // In echo mode every call must fail, so the error path is what is checked.
          expect(result.isError ?? false, tool.name).toBe(echo);
          outputs.push(result);
        }
        for (const uri of ['inbox-hub://sessions', 'inbox-hub://sessions/cliente_12345']) {
          outputs.push(await harness.client.readResource({ uri }).catch((error: Error) => error.message));
        }
        outputs.push(await harness.client.listResources().catch((error: Error) => error.message));
        outputs.push(
          await harness.client.getPrompt({
            name: 'connect_client_whatsapp',
            arguments: { sessionId: 'cliente_1' },
          }),
        );
        outputs.push(await harness.client.listTools());
      } finally {
        await harness.close();
      }
      // The JWT really was obtained and sent (create_session uses it), so a leak would have had a chance.
      if (!echo) expect(seen.bearer).toBeGreaterThan(0);
      const everything = JSON.stringify(outputs);
      if (echo) expect(everything).toContain('INBOX_HUB_API_KEY');
      assertNoCanary(everything, 'tool results, resources and prompts');
      assertNoCanary(lines.join(''), 'logs');
      expect(everything).not.toContain(DASHBOARD_TOKEN);
      expect(lines.join('')).not.toContain(DASHBOARD_TOKEN);
    });
  }

  it('the redactor removes the secrets and any JWT from text and nested values', () => {
    const redactor = createRedactor([canary.apiKey, canary.password, undefined, '']);
    const dirty = { a: [`key ${canary.apiKey}`, { b: `jwt ${JWT}` }], c: canary.password, n: 1 };
    const clean = redactor.deep(dirty);
    assertNoCanary(JSON.stringify(clean), 'redacted value');
    expect(clean).toEqual({ a: ['key [redacted]', { b: 'jwt [redacted]' }], c: '[redacted]', n: 1 });
  });
});
