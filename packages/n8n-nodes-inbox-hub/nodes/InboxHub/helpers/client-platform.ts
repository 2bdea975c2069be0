/**
 * The client's platform module as built for n8n (the build puts this file in place of the client's
 * `internal/platform.js`): n8n's community-node sandbox forbids `setTimeout`, `globalThis` and `process`, so
 * timers come from n8n-workflow's `sleep`, and there is no global `fetch` or environment to fall back on
 * (the node always passes its own `fetch`, and reads credentials, never env).
 */
import { sleep } from 'n8n-workflow';

/** Calls `onFire` after `ms`; returns a function that cancels it. */
export function startTimer(ms: number, onFire: () => void): () => void {
  const cancel = new AbortController();
  sleep(ms, cancel.signal).then(onFire, () => {});
  return () => cancel.abort();
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, signal);
}

/** Never used in n8n: the node passes its own `fetch`. */
export const defaultFetch: typeof fetch = () =>
  Promise.reject(new Error('The Inbox Hub node sends every request through n8n, never a global fetch.'));

/** n8n nodes read credentials, never the environment. */
export function processEnv(): Record<string, string | undefined> {
  return {};
}
