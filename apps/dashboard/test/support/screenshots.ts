import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const DIR =
  process.env.DASHBOARD_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url) : undefined;

/** Saves a full-page screenshot for the README when DASHBOARD_SCREENSHOTS=1 (`pnpm screenshots`). */
export async function shot(page: Page, name: string): Promise<void> {
  if (!DIR) return;
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, DIR).pathname, fullPage: true });
}
