import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { signInHttp } from './support/http.js';
import { type Stack, startStack } from './support/stack.js';

/** Answers the session list with a status the API never documented for one session. */
const renamingFetch: typeof fetch = async (input, init) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const response = await fetch(input, init);
  if (path !== '/api/sessions' || response.status !== 200) return response;
  const body = (await response.json()) as {
    data: { sessions: Array<{ sessionId: string; status: string }> };
  };
  for (const s of body.data.sessions) if (s.sessionId === 'odd_1') s.status = 'reauthenticating';
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};

describe('a status the API never documented', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ fetch: renamingFetch });
    await stack.seed('odd_1', { name: 'Odd One' });
    await stack.seed('normal_2', { name: 'Normal Two' });
  });
  afterAll(async () => {
    await stack?.dashboard.stop();
    await stack?.sandbox.close();
  });

  it('is listed as unknown with the raw value, and the other sessions still show', async () => {
    const { cookie } = await signInHttp(stack.url);
    const snapshot = await stack.dashboard.poller.refresh();
    expect(snapshot.error).toBeNull();
    const page = await (await fetch(`${stack.url}/`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain(`${en.status_unknown} (reauthenticating)`);
    expect(page).toContain('Odd One');
    expect(page).toContain('Normal Two');
  });
});
