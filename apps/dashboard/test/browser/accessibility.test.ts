import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium } from '@inbox-hub/contract-testing/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, openContext, type RecordedContext, signIn, waitForLive } from '../support/pages.js';
import { API_TOKEN, type Stack, startStack } from '../support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page and returns its violations, one line each. */
async function axe(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type Result = { violations: AxeViolation[]; passes: unknown[] };
    const run = (window as unknown as { axe: { run(o: object): Promise<Result> } }).axe;
    const result = await run.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.passes.length === 0 ? [{ id: 'axe', help: 'ran no rule', nodes: [] }] : result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('accessibility (axe-core, WCAG 2.1 AA) in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let operator: RecordedContext;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    await stack.seed('cliente_pending', { name: 'Empresa Pendiente', phoneNumber: '34612345678' });
    await stack.seed('cliente_ok', { name: 'Empresa Conectada', phoneNumber: '34699000111', connect: true });
    await stack.seed('cliente_off', {
      name: 'Empresa Desconectada',
      phoneNumber: '34699000222',
      connect: true,
    });
    stack.sandbox.phone.logout({ sessionId: 'cliente_off' });
    operator = await openContext(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the sign-in page', async () => {
    await operator.page.goto(`${stack.url}/login`);
    expect(await axe(operator.page)).toEqual([]);
  });

  it('the dashboard with a QR, a connected and a disconnected session, and a refused form', async () => {
    const { page } = operator;
    await signIn(page, stack);
    await waitForLive(page);
    await card(page, 'cliente_off').getByRole('button', { name: 'Reconnect Empresa Desconectada' }).click();
    await card(page, 'cliente_off')
      .getByRole('img', { name: /QR code/ })
      .waitFor();
    await waitForLive(page);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create and show QR' }).click();
    await page.locator('#create-sessionId-error:not([hidden])').waitFor();
    expect(await axe(page)).toEqual([]);
  });

  it('reaches the skip link first and the create form before the list from the keyboard', async () => {
    const { page } = operator;
    await page.goto(`${stack.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const order: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''),
      );
    }
    expect(order.indexOf('create-sessionId')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('create-sessionId')).toBeLessThan(order.indexOf('filter-status'));
  });

  it('the confirmation and link pages', async () => {
    const { page } = operator;
    await page.goto(`${stack.url}/sessions/cliente_ok/disconnect`);
    expect(await axe(page)).toEqual([]);
    await page.goto(`${stack.url}/`);
    await card(page, 'cliente_pending')
      .getByRole('button', { name: /customer link/i })
      .click();
    await page.getByLabel('Link').waitFor();
    expect(await axe(page)).toEqual([]);
  });

  it('the customer page and a refused link, in Spanish', async () => {
    const response = await fetch(`${stack.url}/api/connect-links`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: 'cliente_pending' }),
    });
    const { url } = (await response.json()) as { url: string };
    const customer = await openContext(browser, 'es-ES');
    await customer.page.goto(url);
    await customer.page.getByRole('img', { name: /Código QR/ }).waitFor();
    expect(await axe(customer.page)).toEqual([]);
    await customer.page.goto(`${url}x`);
    expect(await axe(customer.page)).toEqual([]);
    await customer.context.close();
  });
});
