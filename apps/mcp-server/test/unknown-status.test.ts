import { afterEach, expect, it } from 'vitest';
import { connect, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
});

/** Rewrites the list's first session to a status the API never documented. */
const withUnknownStatus =
  (inner: typeof fetch): typeof fetch =>
  async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    const response = await inner(input, init);
    if (path !== '/api/sessions' || !response.ok) return response;
    const body = (await response.json()) as { data: { sessions: Array<{ status: string }> } };
    const first = body.data.sessions[0];
    if (first) first.status = 'reauthenticating';
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };

it('list_sessions shows a status the API never documented as unknown with its raw value, not an error', async () => {
  harness = await connect({ wrapFetch: withUnknownStatus });
  const result = await harness.client.callTool({ name: 'list_sessions', arguments: {} });
  expect(result.isError).toBeFalsy();
  const sessions = (
    result.structuredContent as { sessions: Array<{ status: string; rawStatus: string | null }> }
  ).sessions;
  expect(sessions.length).toBeGreaterThan(0);
  expect(sessions[0]).toMatchObject({ status: 'unknown', rawStatus: 'reauthenticating' });
});
