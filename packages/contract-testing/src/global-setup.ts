import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPrism } from './prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the server contract tests run against: Prism's mock, or INBOX_HUB_TEST_BASE_URL. */
    baseUrl: string;
    /** True when the base URL is Prism (so `Prefer` headers and `sl-violations` apply). */
    isPrism: boolean;
  }
}

/**
 * Vitest global setup: starts one Prism mock for the whole run, unless INBOX_HUB_TEST_BASE_URL points the
 * tests at another server (a sandbox, a staging API).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.INBOX_HUB_TEST_BASE_URL;
  if (external) {
    project.provide('baseUrl', external.replace(/\/+$/, ''));
    project.provide('isPrism', false);
    return async () => {};
  }
  const prism = await startPrism({ mode: 'mock' });
  project.provide('baseUrl', prism.url);
  project.provide('isPrism', true);
  return () => prism.stop();
}
