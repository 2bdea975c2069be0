import { securityLog } from '@inbox-hub/contract-testing';
import { launchChromium } from '@inbox-hub/contract-testing/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, openContext, signIn, waitForLive } from '../support/pages.js';
import { type Stack, startStack } from '../support/stack.js';

const security = securityLog('dashboard', 'page-ids');
afterAll(() => security.write());

/** Session ids that name elements of the page, under the old `session-<id>` scheme and as they are. */
const HOSTILE_IDS = [
  'list',
  'cards',
  'session-list',
  'session-cards',
  'announcer',
  'main',
  'strings',
  'live-status',
];

describe('#11.2 ids made from data never collide with the page', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startStack();
    for (const sessionId of HOSTILE_IDS) await stack.seed(sessionId, { name: `Session ${sessionId}` });
    await stack.seed('sucursal_madrid', { name: 'Sucursal Madrid', phoneNumber: '34911222333' });
    page = (await openContext(browser)).page;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("#11.2 sessions named after the page's element ids survive a live update, and so does the page", () =>
    security.check(
      '#11.2',
      'sessions whose ids are list, cards, session-list, announcer, main… (ids of the page itself)',
      'cards are matched by session among the cards only; data ids live in their own namespace; the list survives live updates',
      async () => {
        await signIn(page, stack);
        await waitForLive(page);
        const total = HOSTILE_IDS.length + 1;
        await expect(page.locator('#session-cards > li.card').count()).resolves.toBe(total);
        // A live update: two sessions start connecting and get a QR, so their cards are replaced. Wait for
        // the update to land (or for the list to be gone, which is what the old script did).
        await stack.hub.sessions.connect('list');
        await stack.hub.sessions.connect('cards');
        await page.waitForFunction(
          () => document.querySelectorAll('img').length >= 2 || !document.getElementById('session-cards'),
          undefined,
          { timeout: 30_000 },
        );
        await expect(page.locator('#session-cards > li.card').count()).resolves.toBe(total);
        await expect(card(page, 'list').locator('img').count()).resolves.toBe(1);
        for (const id of ['session-list', 'session-cards', 'announcer', 'main', 'strings', 'live-status']) {
          await expect(page.locator(`[id="${id}"]`).count(), id).resolves.toBe(1);
        }
        const ids = await page.evaluate(() => Array.from(document.querySelectorAll('[id]'), (e) => e.id));
        expect(new Set(ids).size).toBe(ids.length);
      },
    ));
});
