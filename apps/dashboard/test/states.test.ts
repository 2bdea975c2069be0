import { InboxHub } from '@inbox-hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard } from '../src/create-dashboard.js';
import { en } from '../src/i18n/en.js';
import { sessionListRegion } from '../src/views/dashboard-page.js';
import { signInHttp } from './support/http.js';
import { OPERATOR, type Stack, startStack } from './support/stack.js';

const noFilter = { status: '', q: '' } as const;

describe('list states', () => {
  it('says "loading" before the first poll', () => {
    const html = sessionListRegion(
      en,
      { version: 0, at: 0, sessions: undefined, error: null },
      'csrf',
      noFilter,
    ).value;
    expect(html).toContain('data-state="loading"');
    expect(html).toContain(en.loading);
  });

  it('says "no sessions yet" for an empty account and "no match" when filters hide everything', () => {
    const empty = sessionListRegion(
      en,
      { version: 1, at: 0, sessions: [], error: null },
      'csrf',
      noFilter,
    ).value;
    expect(empty).toContain(en.empty);
    const session = {
      id: 1,
      sessionId: 'a',
      name: 'A',
      description: null,
      phoneNumber: null,
      status: 'connected' as const,
      rawStatus: 'connected',
      lastActivity: null,
      qr: null,
    };
    const filtered = sessionListRegion(en, { version: 1, at: 0, sessions: [session], error: null }, 'csrf', {
      status: 'pending',
      q: '',
    }).value;
    expect(filtered).toMatch(/data-state="no-match">/);
    expect(filtered).toContain('<li hidden class="card"');
  });
});

describe('when Inbox Hub goes away', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await stack.seed('cliente_001', { name: 'Empresa ABC' });
  });
  afterAll(async () => {
    await stack?.dashboard.stop();
  });

  it('keeps the last known list under an error banner', async () => {
    const { cookie } = await signInHttp(stack.url);
    expect(await (await fetch(`${stack.url}/`, { headers: { Cookie: cookie } })).text()).toContain(
      'Empresa ABC',
    );
    await stack.sandbox.close();
    const snapshot = await stack.dashboard.poller.refresh();
    expect(snapshot.error).toBe('unreachable');
    const page = await (await fetch(`${stack.url}/`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain(en.errorUnreachable);
    expect(page).toContain('role="alert"');
    expect(page).toContain('Empresa ABC');
  });
});

describe('behind https', () => {
  const publicUrl = 'https://wa.example.com';
  const dashboard = createDashboard({
    hub: new InboxHub({ baseUrl: 'http://127.0.0.1:9', apiKey: 'unused-key', maxRetries: 0 }),
    operator: OPERATOR,
    secret: 'a-secret-that-is-long-enough-for-the-test-0123',
    publicUrl,
    secureCookies: true,
    store: ':memory:',
  });
  afterAll(() => dashboard.close());

  it('sets __Host- cookies that are Secure, HttpOnly and SameSite=Lax, and sends HSTS', async () => {
    const form = await dashboard.app.request(`${publicUrl}/login`);
    expect(form.headers.get('strict-transport-security')).toContain('max-age=');
    const loginCookie = form.headers.getSetCookie()[0] ?? '';
    expect(loginCookie).toMatch(/^__Host-ihd_login=/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const response = await dashboard.app.request(`${publicUrl}/login`, {
      method: 'POST',
      headers: {
        Cookie: loginCookie.split(';')[0]!,
        Origin: publicUrl,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ user: OPERATOR.user, password: OPERATOR.password, csrf }).toString(),
    });
    expect(response.status).toBe(303);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('__Host-ihd_session='));
    expect(session).toBeDefined();
    expect(session).toContain('Secure');
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    expect(session).toContain('Path=/');
    expect(session).not.toContain('Domain');
  });

  it('refuses a post from another origin before looking at cookies', async () => {
    const response = await dashboard.app.request(`${publicUrl}/login`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=operator&password=x',
    });
    expect(response.status).toBe(403);
  });
});
