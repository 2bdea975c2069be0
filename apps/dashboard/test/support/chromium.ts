import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: this machine cannot download Playwright's own browser builds. */
export const CHROMIUM_PATH = process.env.DASHBOARD_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A launched browser. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile. Fails with the install command when it is missing, so a
 * missing browser reads as a setup step, not as a broken dashboard.
 */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (the root ./x test does this), or set DASHBOARD_CHROMIUM_PATH.`,
    );
  }
  // Playwright gives every launch a fresh temporary profile (its own --user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
