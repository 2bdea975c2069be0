import { launchChromium } from '@inbox-hub/contract-testing/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, openContext, signIn, waitForLive } from '../support/pages.js';
import { shot } from '../support/screenshots.js';
import { API_TOKEN, type Stack, startStack } from '../support/stack.js';

/** Creates a link through the HTTP endpoint the MCP server and the n8n node call. */
async function createLink(stack: Stack, sessionId: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${stack.url}/api/connect-links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId, ...extra }),
  });
  return { status: response.status, body: (await response.json()) as { url: string; expiresAt: string } };
}

describe('customer connect links in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    await stack.seed('cliente_abc', { name: 'Empresa ABC', phoneNumber: '34612345678' });
    await stack.seed('cliente_otro', { name: 'Otra Empresa Secreta', phoneNumber: '34699888777' });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows only its own session, refreshes the QR as it rotates and reports success', async () => {
    const { status, body } = await createLink(stack, 'cliente_abc');
    expect(status).toBe(201);
    expect(body.url).toMatch(new RegExp(`^${stack.url}/connect/[\\w-]+\\.[\\w-]+$`));
    const customer = await openContext(browser, 'es-ES');
    const { page } = customer;
    await page.goto(body.url);
    await page.getByRole('heading', { name: 'Conecta tu WhatsApp' }).waitFor();
    await page.getByText('Sesión: Empresa ABC').waitFor();
    await page.getByText('Abre WhatsApp en tu teléfono.').waitFor();
    const img = page.getByRole('img', { name: /Código QR para vincular WhatsApp a la sesión Empresa ABC/ });
    await img.waitFor();
    await page.locator('.countdown', { hasText: /Caduca en \d+ s/ }).waitFor();
    await shot(page, 'connect-link');

    const before = await img.getAttribute('src');
    stack.clock.advance(61_000);
    await page.waitForFunction(
      (old) => document.querySelector('.qr img')?.getAttribute('src') !== old,
      before,
    );

    stack.sandbox.phone.scan({ sessionId: 'cliente_abc' });
    await page.getByRole('heading', { name: 'Conectado' }).waitFor();
    await shot(page, 'connect-link-connected');
    await expect(page.locator('.qr img').count()).resolves.toBe(0);

    // Nothing about the other session reached this browser, in any response.
    await customer.assertNoLeak();
    for (const { body: text } of customer.bodies) {
      expect(text).not.toContain('cliente_otro');
      expect(text).not.toContain('Otra Empresa Secreta');
      expect(text).not.toContain('34699888777');
    }
    expect(await page.content()).not.toContain('cliente_otro');

    // Spent: opening it again gets the "already used" page, with no session data.
    const again = await page.goto(body.url);
    expect(again?.status()).toBe(410);
    await page.getByRole('heading', { name: 'Este enlace ya se usó' }).waitFor();
    expect(await page.content()).not.toContain('Empresa ABC');
    await customer.context.close();
  });

  it('refuses a tampered link with a page that names no session', async () => {
    const { body } = await createLink(stack, 'cliente_otro');
    // Same signature, payload rebound to another session.
    const [payload, mac] = body.url.split('/connect/')[1]!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.s).toBe('cliente_otro');
    const forged = Buffer.from(JSON.stringify({ ...claims, s: 'cliente_abc' })).toString('base64url');
    const customer = await openContext(browser);
    for (const url of [
      `${stack.url}/connect/${forged}.${mac}`,
      `${body.url.slice(0, -2)}${body.url.endsWith('xx') ? 'yy' : 'xx'}`,
      `${stack.url}/connect/nonsense`,
    ]) {
      const response = await customer.page.goto(url);
      expect(response?.status()).toBe(404);
      await customer.page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
      const html = await customer.page.content();
      for (const secret of ['cliente_abc', 'cliente_otro', 'Empresa', '3461', '3469', 'data:image'])
        expect(html).not.toContain(secret);
    }
    await shot(customer.page, 'connect-link-invalid');
    const events = await customer.page.request.get(`${stack.url}/connect/${forged}.${mac}/events`);
    expect(events.status()).toBe(404);
    await customer.context.close();
  });

  it('refuses an expired link', async () => {
    const { body } = await createLink(stack, 'cliente_otro', { ttlHours: 1 });
    const customer = await openContext(browser);
    await customer.page.goto(body.url);
    await customer.page.getByRole('img', { name: /QR code/ }).waitFor();
    stack.clock.advance(3_600_000);
    const response = await customer.page.goto(body.url);
    expect(response?.status()).toBe(410);
    await customer.page.getByRole('heading', { name: 'This link has expired' }).waitFor();
    expect(await customer.page.content()).not.toContain('Otra Empresa');
    await customer.context.close();
  });

  it('is created from the dashboard too, and offers a new code once every code expired', async () => {
    const operator = await openContext(browser);
    await signIn(operator.page, stack);
    await waitForLive(operator.page);
    await card(operator.page, 'cliente_otro')
      .getByRole('button', { name: 'Create a customer link for Otra Empresa Secreta' })
      .click();
    await operator.page.getByRole('heading', { name: 'Customer link for Otra Empresa Secreta' }).waitFor();
    await shot(operator.page, 'customer-link-created');
    const url = await operator.page.getByLabel('Link').inputValue();
    expect(url.startsWith(`${stack.url}/connect/`)).toBe(true);

    const customer = await openContext(browser);
    await customer.page.goto(url);
    await customer.page.getByRole('img', { name: /QR code/ }).waitFor();
    // Let every code of the attempt expire (3 in this sandbox): the page offers a new one.
    stack.clock.advance(61_000 + 21_000 + 21_000);
    await customer.page.getByRole('button', { name: 'Get a new code' }).click();
    await customer.page.getByRole('img', { name: /QR code/ }).waitFor();
    stack.sandbox.phone.scan({ sessionId: 'cliente_otro' });
    await customer.page.getByRole('heading', { name: 'Connected' }).waitFor();
    await customer.assertNoLeak();
    await operator.assertNoLeak();
    await customer.context.close();
    await operator.context.close();
  });
});
