/**
 * Every global the client touches lives here: timers, the default `fetch`, the process environment. The
 * rest of the client imports them from this module and names no global itself, so a host that forbids
 * them (n8n's community-node sandbox bans `setTimeout`, `globalThis` and `process`) can build the client
 * with this one file swapped for its own (see the n8n package's build). Keep it small.
 */

/** Calls `onFire` after `ms`; returns a function that cancels it. */
export function startTimer(ms: number, onFire: () => void): () => void {
  const timer = setTimeout(onFire, ms);
  return () => clearTimeout(timer);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The runtime's `fetch`, looked up per call so a test or an APM agent that patches it later is honoured. */
export const defaultFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/** The process environment where there is one (Node, Bun, Deno with permission), else an empty object. */
export function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}
