import { canary } from '@inbox-hub/contract-testing';
import { launchChromium } from '@inbox-hub/contract-testing/chromium';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CARD_NEXT_STEP } from '../src/ui/hand-off.js';
import { type CardHost, openCardHost } from './support/card-host.js';

// The connect card in real Chromium, inside a test host that speaks MCP Apps through ext-apps' AppBridge,
// against the real server and the sandbox. The sandbox runs on a manual clock: a QR expires when the test
// says so, and every assertion waits for what the card shows, never for a duration.
const credentials = { apiKey: canary.apiKey, email: canary.email, password: canary.password };
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const SHOWN = { timeout: 30_000, interval: 200 };

let browser: Browser;
let sandbox: RunningSandbox;
let host: CardHost | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  sandbox = await startSandbox({ clock: 'manual', rateLimit: false, tenants: [credentials] });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function open(locale?: string): Promise<CardHost> {
  host = await openCardHost({ browser, sandbox, credentials, ...(locale ? { locale } : {}) });
  return host;
}

/** Waits until the card draws the sandbox's current QR for the session (which must have one). */
async function expectCurrentQrDrawn(card: CardHost, sessionId: string): Promise<string> {
  const current = await card.currentQr(sessionId);
  expect(current, `the sandbox has a QR for ${sessionId}`).toMatch(/^ihsbx:/);
  await expect.poll(() => card.drawnQr(), SHOWN).toBe(current);
  return current as string;
}

function advance(ms: number): void {
  if (!sandbox.clock) throw new Error('The sandbox has no manual clock.');
  sandbox.clock.advance(ms);
}

describe('the connect card in Chromium', { timeout: 180_000 }, () => {
  it('draws the current QR, replaces it when it rotates without a model call, and says who connected', async () => {
    const card = await open();
    const setup = await card.callAsModel('setup_session', {
      sessionId: 'card_main',
      phoneNumber: '34611100001',
      name: 'Tienda Centro',
    });
    // With the card on screen the model gets no QR image and no tool to call next.
    expect(setup.content.map((block) => block.type)).toEqual(['text']);
    expect(setup.structuredContent).toMatchObject({ nextStep: CARD_NEXT_STEP });

    const first = await expectCurrentQrDrawn(card, 'card_main');
    await expect
      .poll(() => card.card.locator('#countdown').textContent(), SHOWN)
      .toMatch(/^Expires in [01]:\d\d$/);
    await expect(card.card.locator('#session').textContent()).resolves.toBe('Tienda Centro · card_main');
    await expect(card.card.locator('#status').textContent()).resolves.toBe('Waiting for the scan');
    await card.shot('card-qr');

    // The first QR lives 60 s; past that the sandbox shows the next one, and the card fetches it itself.
    advance(61_000);
    const second = await expectCurrentQrDrawn(card, 'card_main');
    expect(second).not.toBe(first);
    await expect
      .poll(() => card.card.locator('#countdown').textContent(), SHOWN)
      .toMatch(/^Expires in 0:[0-2]\d$/);
    await card.shot('card-refreshed');
    expect(card.modelCalls).toEqual(['setup_session']);
    expect(card.appCalls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(card.appCalls)).toEqual(new Set(['card_state']));

    sandbox.phone.scan({ sessionId: 'card_main' });
    await expect
      .poll(() => card.card.locator('#connected').textContent(), SHOWN)
      .toBe('Connected as +34611100001');
    await expect(card.card.locator('#warning').isVisible()).resolves.toBe(false);
    await expect(card.card.locator('#qr').isVisible()).resolves.toBe(false);
    await card.shot('card-connected');
    expect(card.modelCalls).toEqual(['setup_session']);

    // The card never saw a credential: not in its DOM, not in a message, not in a request (it made none).
    expect(card.jwts.length).toBeGreaterThan(0);
    const frame = card.page.frames().find((f) => f !== card.page.mainFrame());
    const everything = [
      (await frame?.content()) ?? '',
      await card.page.content(),
      ...card.traffic,
      ...card.requests,
    ].join('\n');
    expect(card.traffic.some((m) => m.includes('"card_state"'))).toBe(true);
    for (const secret of [canary.apiKey, canary.password, ...card.jwts])
      expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(JWT);
    expect(card.requests).toEqual([]);
    expect(card.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('warns when a different phone scans than the expected one', async () => {
    const card = await open();
    await card.callAsModel('setup_session', {
      sessionId: 'card_mismatch',
      phoneNumber: '34622200002',
      name: 'Taller Norte',
    });
    await expectCurrentQrDrawn(card, 'card_mismatch');
    sandbox.phone.scan({ sessionId: 'card_mismatch' }, { phoneNumber: '34633300003' });
    await expect
      .poll(() => card.card.locator('#connected').textContent(), SHOWN)
      .toBe('Connected as +34633300003');
    await expect(card.card.locator('#warning').textContent()).resolves.toBe(
      'This is not the expected number (+34622200002). If it is the wrong phone, ask the assistant to disconnect it.',
    );
    await card.shot('card-wrong-number');
    expect(card.modelCalls).toEqual(['setup_session']);
  });

  it('offers "Try again" once every QR expired unscanned, and it brings a working QR', async () => {
    const card = await open();
    await card.callAsModel('setup_session', { sessionId: 'card_expired' });
    await expectCurrentQrDrawn(card, 'card_expired');
    // 60 s for the first QR and 20 s for each of the next four: then the session is in error.
    advance(60_000 + 4 * 20_000 + 1_000);
    const retry = card.card.locator('#retry');
    await expect.poll(() => retry.isVisible(), SHOWN).toBe(true);
    await expect(card.card.locator('#message').textContent()).resolves.toBe(
      'The code expired before anyone scanned it.',
    );
    await expect(card.card.locator('#status').textContent()).resolves.toBe('Failed');
    await card.shot('card-error');

    await retry.click();
    await expectCurrentQrDrawn(card, 'card_expired');
    expect(card.appCalls).toContain('card_retry');
    expect(card.modelCalls).toEqual(['setup_session']);
  });

  it('shows a disconnected session with "Try again", on the card that saw it connect and when wait_for_connection reports it', async () => {
    const card = await open();
    await card.callAsModel('setup_session', { sessionId: 'card_logout', phoneNumber: '34644400004' });
    sandbox.phone.scan({ sessionId: 'card_logout' });
    await expect.poll(() => card.card.locator('#connected').isVisible(), SHOWN).toBe(true);
    sandbox.phone.logout({ sessionId: 'card_logout', apiKey: canary.apiKey });
    // The card that showed "Connected" keeps watching and notices the phone unlinked, with no model call.
    await expect.poll(() => card.card.locator('#retry').isVisible(), SHOWN).toBe(true);
    await expect(card.card.locator('#message').textContent()).resolves.toBe('The phone is no longer linked.');
    await expect(card.card.locator('#connected').isVisible()).resolves.toBe(false);
    expect(card.modelCalls).toEqual(['setup_session']);

    const later = await open();
    const waited = await later.callAsModel('wait_for_connection', {
      sessionId: 'card_logout',
      timeoutSeconds: 5,
    });
    expect(waited.structuredContent).toMatchObject({ outcome: 'disconnected' });
    await expect.poll(() => later.card.locator('#retry').isVisible(), SHOWN).toBe(true);
    await expect(later.card.locator('#message').textContent()).resolves.toBe(
      'The phone is no longer linked.',
    );
    await later.card.locator('#retry').click();
    await expectCurrentQrDrawn(later, 'card_logout');
    await card.close();
  });

  it("speaks the host's language: Spanish for an es locale", async () => {
    const card = await open('es-ES');
    await card.callAsModel('setup_session', {
      sessionId: 'card_es',
      phoneNumber: '34655500005',
      name: 'Clínica Sur',
    });
    await expectCurrentQrDrawn(card, 'card_es');
    await expect(card.card.locator('#status').textContent()).resolves.toBe('Esperando el escaneo');
    await expect
      .poll(() => card.card.locator('#countdown').textContent(), SHOWN)
      .toMatch(/^Caduca en [01]:\d\d$/);
    await expect(card.card.locator('#title').textContent()).resolves.toBe('Vincular WhatsApp');
    await card.shot('card-es');
    sandbox.phone.scan({ sessionId: 'card_es' });
    await expect
      .poll(() => card.card.locator('#connected').textContent(), SHOWN)
      .toBe('Conectado como +34655500005');
  });
});
