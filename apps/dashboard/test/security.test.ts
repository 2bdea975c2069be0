import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../src/views/html.js';
import { signInHttp } from './support/http.js';
import { OPERATOR, type Stack, startStack } from './support/stack.js';

describe('security', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await stack.seed('xss_probe', { name: '<img src=x onerror=alert(1)>"\'' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('escapes everything interpolated into markup', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html`<p title="${'"><script>'}">${'<b>'}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</p>',
    );
  });

  it('renders a hostile session name as text', async () => {
    const { cookie } = await signInHttp(stack.url);
    const page = await (await fetch(`${stack.url}/`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
  });

  it('sends a strict CSP and no-store on pages', async () => {
    const response = await fetch(`${stack.url}/login`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a forged session cookie and the event stream without one', async () => {
    const forged = await fetch(`${stack.url}/`, {
      headers: {
        Cookie: 'ihd_session=eyJ1Ijoib3BlcmF0b3IiLCJlIjo5OTk5OTk5OTk5OTk5LCJuIjoieCJ9.AAAA',
        Accept: 'text/html',
      },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/login');
    expect((await fetch(`${stack.url}/events`)).status).toBe(401);
    const post = await fetch(`${stack.url}/sessions/xss_probe/connect`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(post.status).toBe(401);
  });

  it('refuses a sign-in without the login form token', async () => {
    const response = await fetch(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: OPERATOR.user, password: OPERATOR.password }),
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('ihd_session='))).toBe(false);
  });

  it("refuses an oversized body and a cross-site post, in the reader's language", async () => {
    const big = await fetch(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=${'a'.repeat(100_000)}`,
    });
    expect(big.status).toBe(413);
    const foreign = await fetch(`${stack.url}/login`, {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        'Accept-Language': 'es',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'user=operator',
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toBe('Esta petición venía de otro sitio y se rechazó.');
  });
});
