import { launchChromium } from '@inbox-hub/contract-testing/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, openContext, type RecordedContext, signIn, waitForLive } from '../support/pages.js';
import { shot } from '../support/screenshots.js';
import { type Stack, startStack } from '../support/stack.js';

describe('operator dashboard in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let operator: RecordedContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    await stack.seed('sucursal_madrid', {
      name: 'WhatsApp Sucursal Madrid',
      phoneNumber: '34911222333',
      connect: true,
    });
    await stack.seed('sucursal_sevilla', {
      name: 'WhatsApp Sucursal Sevilla',
      phoneNumber: '34955111222',
      connect: true,
    });
    operator = await openContext(browser);
    page = operator.page;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sends a visitor without a session to the sign-in page and refuses a wrong password', async () => {
    await page.goto(`${stack.url}/`);
    expect(page.url()).toBe(`${stack.url}/login`);
    await shot(page, 'login');
    await page.getByLabel('User name').fill('operator');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong user name or password.');
    expect(page.url()).toBe(`${stack.url}/login`);
  });

  it('signs in with secure cookie settings: HttpOnly, SameSite=Lax', async () => {
    await signIn(page, stack);
    const cookies = await operator.context.cookies();
    const session = cookies.find((c) => c.name.endsWith('ihd_session'));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await waitForLive(page);
    await expect(card(page, 'sucursal_madrid').getAttribute('data-status')).resolves.toBe('connected');
  });

  it('checks the create form in the browser before sending anything', async () => {
    let posted = false;
    const onRequest = (request: { method(): string }) => {
      if (request.method() === 'POST') posted = true;
    };
    page.on('request', onRequest);
    await page.getByLabel('Session ID').fill('bad id with spaces');
    await page.getByLabel('Name').fill('Empresa ABC');
    await page.getByLabel(/Phone number/).fill('+34 612');
    await page.getByRole('button', { name: 'Create and show QR' }).click();
    await expect(page.locator('#create-sessionId-error').textContent()).resolves.toContain('letters, digits');
    await expect(page.locator('#create-phoneNumber-error').textContent()).resolves.toContain(
      '8 to 15 digits',
    );
    await expect(page.getByLabel('Session ID').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('create-sessionId');
    page.off('request', onRequest);
    expect(posted).toBe(false);
  });

  it('creates a session and shows its QR with a countdown, without a reload', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    await page.getByLabel('Session ID').fill('cliente_001');
    await page.getByLabel('Name').fill('WhatsApp Empresa ABC');
    await page.getByLabel(/Phone number/).fill('34612345678');
    await page.getByRole('button', { name: 'Create and show QR' }).click();
    await page.getByRole('status').filter({ hasText: 'Session cliente_001 created' }).waitFor();
    const qr = card(page, 'cliente_001').getByRole('img', {
      name: /QR code to link WhatsApp to the session WhatsApp Empresa ABC/,
    });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect(card(page, 'cliente_001').locator('.countdown').textContent()).resolves.toMatch(
      /Expires in \d+ s/,
    );
    await waitForLive(page);
    await shot(page, 'dashboard');
  });

  it('replaces the QR when it rotates, live', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 2;
    });
    const img = card(page, 'cliente_001').locator('.qr img');
    const before = await img.getAttribute('src');
    stack.clock.advance(61_000);
    await page.waitForFunction(
      (old) => document.querySelector('[id="session-cliente_001"] .qr img')?.getAttribute('src') !== old,
      before,
    );
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(2);
  });

  it('turns the card connected when the phone scans, without a reload', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 3;
    });
    stack.sandbox.phone.scan({ sessionId: 'cliente_001' });
    await card(page, 'cliente_001').and(page.locator('[data-status="connected"]')).waitFor();
    await expect(card(page, 'cliente_001').locator('.badge').textContent()).resolves.toBe('Connected');
    await expect(card(page, 'cliente_001').locator('.qr img').count()).resolves.toBe(0);
    await expect(page.locator('#announcer').textContent()).resolves.toContain(
      'WhatsApp Empresa ABC: Connected',
    );
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(3);
  });

  it('reconnects a session whose phone logged out', async () => {
    stack.sandbox.phone.logout({ sessionId: 'sucursal_madrid' });
    const madrid = card(page, 'sucursal_madrid');
    await madrid.and(page.locator('[data-status="disconnected"]')).waitFor();
    await madrid.getByRole('button', { name: 'Reconnect WhatsApp Sucursal Madrid' }).click();
    await page.getByRole('status').filter({ hasText: 'Session sucursal_madrid is reconnecting' }).waitFor();
    await expect(madrid.getAttribute('data-status')).resolves.toBe('pending');
    await madrid.getByRole('img', { name: /QR code/ }).waitFor();
  });

  it('disconnects only after a confirmation', async () => {
    await card(page, 'sucursal_sevilla')
      .getByRole('link', { name: 'Disconnect WhatsApp Sucursal Sevilla' })
      .click();
    await page.getByRole('heading', { name: 'Disconnect WhatsApp Sucursal Sevilla?' }).waitFor();
    await shot(page, 'confirm-disconnect');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await waitForLive(page);
    await expect(card(page, 'sucursal_sevilla').getAttribute('data-status')).resolves.toBe('connected');
    await card(page, 'sucursal_sevilla')
      .getByRole('link', { name: /Disconnect/ })
      .click();
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    await page.getByRole('status').filter({ hasText: 'Session sucursal_sevilla disconnected' }).waitFor();
    await expect(card(page, 'sucursal_sevilla').getAttribute('data-status')).resolves.toBe('disconnected');
  });

  it('filters by status and searches by name, ID or phone', async () => {
    await waitForLive(page);
    const visibleIds = () =>
      page
        .locator('.card:visible')
        .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.session ?? '').sort());
    await page.getByLabel('Status').selectOption('connected');
    expect(await visibleIds()).toEqual(['cliente_001']);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Search').fill('9552');
    expect(await visibleIds()).toEqual([]);
    await page.getByLabel('Search').fill('34955');
    expect(await visibleIds()).toEqual(['sucursal_sevilla']);
    await page.getByLabel('Search').fill('nothing-like-this');
    await page.getByText('No session matches these filters.').waitFor();
    expect(page.url()).toContain('q=nothing-like-this');
    await page.getByLabel('Search').fill('');
    expect((await visibleIds()).length).toBe(3);
  });

  it('refuses a change without the CSRF token or from another origin', async () => {
    const noToken = await page.request.post(`${stack.url}/sessions`, {
      form: { sessionId: 'csrf_probe', name: 'Probe' },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    const token = await page.locator('input[name="csrf"]').first().inputValue();
    const foreign = await page.request.post(`${stack.url}/sessions`, {
      form: { sessionId: 'csrf_probe', name: 'Probe', csrf: token },
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(403);
    await page.reload();
    await waitForLive(page);
    await expect(card(page, 'csrf_probe').count()).resolves.toBe(0);
  });

  it('validates on the server too (a request that skips the browser checks)', async () => {
    const token = await page.locator('input[name="csrf"]').first().inputValue();
    const response = await page.request.post(`${stack.url}/sessions`, {
      form: { sessionId: 'x y', name: '', phoneNumber: '12', csrf: token },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(422);
    const body = await response.text();
    expect(body).toContain('Use 1 to 100 letters, digits');
    expect(body).toContain('Enter a name of 1 to 100 characters.');
    expect(body).toContain('aria-invalid="true"');
  });

  it('never sends the API key to the browser', async () => {
    await operator.assertNoLeak();
    expect(operator.bodies.length).toBeGreaterThan(5);
  });

  it('signs out, and the old cookie stops working', async () => {
    const [session] = (await operator.context.cookies()).filter((c) => c.name.endsWith('ihd_session'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.url}/login`);
    await page.goto(`${stack.url}/`);
    expect(page.url()).toBe(`${stack.url}/login`);
    const replay = await fetch(`${stack.url}/`, {
      headers: { Cookie: `${session!.name}=${session!.value}`, Accept: 'text/html' },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
  });

  it('speaks Spanish to a Spanish browser', async () => {
    const es = await openContext(browser, 'es-ES');
    await es.page.goto(`${stack.url}/`);
    await es.page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await signIn(es.page, stack);
    await waitForLive(es.page);
    await es.page.getByRole('heading', { name: 'Sesiones de WhatsApp' }).waitFor();
    await expect(card(es.page, 'cliente_001').locator('.badge').textContent()).resolves.toBe('Conectada');
    expect(await es.page.getAttribute('html', 'lang')).toBe('es');
    await shot(es.page, 'dashboard-es');
    await es.context.close();
  });
});
