import { assertNoCanary } from '@inbox-hub/contract-testing';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { OPERATOR, type Stack } from './stack.js';

/** A JSON Web Token: three base64url segments, the first two JSON objects (`eyJ` is `{"`). Link tokens have two. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** Throws when `text` holds a canary secret or any JWT. */
export function assertNoSecret(text: string, where: string): void {
  assertNoCanary(text, where);
  if (JWT.test(text)) throw new Error(`A JWT leaked into ${where}.`);
}

/** A browser context that records every response body it can read, for the leak check. */
export interface RecordedContext {
  context: BrowserContext;
  page: Page;
  /** URL and body of every response read so far. */
  bodies: Array<{ url: string; body: string }>;
  /** Waits for pending body reads, then throws if any response or the page source holds a canary. */
  assertNoLeak(): Promise<void>;
}

/** Opens a fresh context (own cookies) in `locale`, recording responses. */
export async function openContext(browser: Browser, locale = 'en-US'): Promise<RecordedContext> {
  const context = await browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale } });
  const page = await context.newPage();
  const bodies: RecordedContext['bodies'] = [];
  const reads: Promise<void>[] = [];
  const record = (response: Response) => {
    // Event streams never finish; their content is checked from Node in the live-updates test.
    if (response.headers()['content-type']?.includes('text/event-stream')) return;
    reads.push(
      response
        .body()
        .then((body) => {
          bodies.push({ url: response.url(), body: body.toString('latin1') });
        })
        .catch(() => undefined),
    );
  };
  context.on('response', record);
  return {
    context,
    page,
    bodies,
    async assertNoLeak() {
      await Promise.all(reads);
      for (const { url, body } of bodies) assertNoSecret(body, `the response of ${url}`);
      for (const p of context.pages()) assertNoSecret(await p.content(), `the page ${p.url()}`);
      const cookies = await context.cookies();
      assertNoSecret(JSON.stringify(cookies), 'the cookies');
    },
  };
}

/** Signs in as the operator and waits for the dashboard. */
export async function signIn(page: Page, stack: Stack): Promise<void> {
  await page.goto(`${stack.url}/`);
  await page.getByLabel(/user name|usuario/i).fill(OPERATOR.user);
  await page.getByLabel(/password|contraseña/i).fill(OPERATOR.password);
  await page.getByRole('button', { name: /sign in|entrar/i }).click();
  await page.waitForURL(`${stack.url}/`);
}

/** The card of one session. */
export function card(page: Page, sessionId: string) {
  return page.locator(`#session-cards > li[data-session="${sessionId}"]`);
}

/** Waits until the live stream says it is on (the first snapshot arrived). */
export async function waitForLive(page: Page): Promise<void> {
  await page.locator('#session-list[aria-busy="false"]').waitFor();
  await page.locator('#live-status', { hasText: /Live|En directo/ }).waitFor();
}
