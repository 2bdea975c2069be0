import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, type Stack, startStack } from './support/stack.js';

describe('POST /api/connect-links (for the MCP server and the n8n node)', () => {
  let stack: Stack;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/api/connect-links`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await startStack();
    await stack.seed('cliente_001', { name: 'Empresa ABC' });
    await stack.seed('cliente_ok', { name: 'Ya conectada', connect: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('creates a signed link that expires in 24 hours by default', async () => {
    const response = await post({ sessionId: 'cliente_001' });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.sessionId).toBe('cliente_001');
    expect(body.url).toMatch(new RegExp(`^${stack.url}/connect/`));
    expect(Date.parse(body.expiresAt) - stack.clock.now()).toBe(24 * 3_600_000);
    const page = await fetch(body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Empresa ABC');
    // Without JavaScript the page reloads itself to follow the rotating QR.
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="15"></noscript>');
  });

  it('takes a shorter lifetime', async () => {
    const body = await (await post({ sessionId: 'cliente_001', ttlHours: 2 })).json();
    expect(Date.parse(body.expiresAt) - stack.clock.now()).toBe(2 * 3_600_000);
  });

  it('refuses a missing or wrong token', async () => {
    const none = await fetch(`${stack.url}/api/connect-links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: 'cliente_001' }),
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await post({ sessionId: 'cliente_001' }, { Authorization: `Bearer ${API_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('UNAUTHORIZED');
  });

  it('explains bad input', async () => {
    expect((await post('{not json')).status).toBe(400);
    const badId = await post({ sessionId: '../etc' });
    expect(badId.status).toBe(422);
    expect((await badId.json()).error.message).toContain('sessionId');
    expect((await post({ sessionId: 'cliente_001', ttlHours: -1 })).status).toBe(422);
    expect((await post({ sessionId: 'cliente_001', ttlHours: 24 * 31 })).status).toBe(422);
    expect((await post({ sessionId: 'cliente_001' }, { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('says when the session does not exist or is already connected', async () => {
    const missing = await post({ sessionId: 'no_such_session' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('SESSION_NOT_FOUND');
    const connected = await post({ sessionId: 'cliente_ok' });
    expect(connected.status).toBe(409);
    expect((await connected.json()).error.code).toBe('SESSION_CONNECTED');
  });

  it('is off until a token is configured', async () => {
    const off = await startStack({ apiToken: undefined });
    try {
      const response = await fetch(`${off.url}/api/connect-links`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionId: 'cliente_001' }),
      });
      expect(response.status).toBe(404);
      expect((await response.json()).error.message).toContain('INBOX_HUB_DASHBOARD_API_TOKEN');
    } finally {
      await off.close();
    }
  });
});
