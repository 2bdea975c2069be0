import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: this machine cannot download Playwright's own browser builds. */
const CHROMIUM_PATH = process.env.DASHBOARD_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium for the browser tests (the dashboard's pages, the MCP connect card). Playwright
 * gives every launch a fresh temporary profile and removes it on close. Fails with the install command when
 * the browser is missing, so a missing browser reads as a setup step, not as a broken page.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (the root ./x test does this), or set DASHBOARD_CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
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
}
