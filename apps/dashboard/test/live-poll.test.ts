import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReader, readEvents, signInHttp } from './support/http.js';
import { assertNoSecret } from './support/pages.js';
import { API_TOKEN, type Stack, startStack } from './support/stack.js';

describe('one shared poll feeds every open page', () => {
  let stack: Stack;
  const calls: string[] = [];

  beforeAll(async () => {
    // Count what the dashboard asks Inbox Hub, by route.
    const counting: typeof fetch = (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(request);
    };
    // A one-minute interval: every poll in these tests is one the test caused.
    stack = await startStack({ fetch: counting, pollIntervalMs: 60_000 });
    await stack.seed('cliente_001', { name: 'Empresa ABC', phoneNumber: '34612345678' });
    await stack.seed('cliente_002', { name: 'Empresa XYZ', connect: true });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('serves ten open tabs from one poll, and one poll updates all ten', async () => {
    const lists = () => calls.filter((c) => c === 'GET /api/sessions').length;
    const { cookie } = await signInHttp(stack.url);
    const before = lists();
    const tabs = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${stack.url}/events`, { headers: { Cookie: cookie } })),
    );
    const readers = tabs.map((tab) => {
      expect(tab.headers.get('content-type')).toContain('text/event-stream');
      return eventReader(tab);
    });
    const firsts = await Promise.all(readers.map((r) => readEvents(r, (e) => e.event === 'snapshot', true)));
    expect(stack.dashboard.poller.listenerCount).toBe(10);
    // The first tab started the poll; the other nine added nothing (the interval here is a minute).
    expect(lists() - before).toBe(1);
    for (const events of firsts) {
      expect(JSON.parse(events.at(-1)!.data).html).toContain('data-session="cliente_002"');
      assertNoSecret(events.map((e) => e.data).join('\n'), 'the event stream');
    }

    // One poll after a change reaches every tab.
    const polled = lists();
    stack.sandbox.phone.logout({ sessionId: 'cliente_002' });
    await stack.dashboard.poller.refresh();
    expect(lists()).toBe(polled + 1);
    const updates = await Promise.all(
      readers.map((r) =>
        readEvents(r, (e) => e.event === 'snapshot' && e.data.includes('data-status=\\"disconnected\\"')),
      ),
    );
    for (const events of updates) assertNoSecret(events.map((e) => e.data).join('\n'), 'the event stream');
  });

  it('fetches a QR only when it is new or has rotated, not on every poll', async () => {
    const qrCalls = () => calls.filter((c) => c.endsWith('/qr')).length;
    const poller = stack.dashboard.poller;
    // A pending session without a QR is asked once, then not again until it changes.
    await poller.refresh();
    const idle = qrCalls();
    await poller.refresh();
    await poller.refresh();
    expect(qrCalls()).toBe(idle);

    const { cookie, csrf } = await signInHttp(stack.url);
    const connect = await fetch(`${stack.url}/sessions/cliente_001/connect`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: stack.url },
    });
    expect(connect.status).toBe(303);
    expect(qrCalls()).toBe(idle + 1);
    expect(poller.current.sessions?.[0]?.qr?.dataUrl).toMatch(/^data:image\/png;base64,/);

    const polls = poller.pollCount;
    await poller.refresh();
    await poller.refresh();
    await poller.refresh();
    expect(poller.pollCount).toBeGreaterThanOrEqual(polls + 3);
    expect(qrCalls()).toBe(idle + 1);

    const first = poller.current.sessions?.[0]?.qr?.dataUrl;
    stack.clock.advance(61_000);
    await poller.refresh();
    expect(qrCalls()).toBe(idle + 2);
    expect(poller.current.sessions?.[0]?.qr?.dataUrl).not.toBe(first);
  });

  it('answers repeated link-page loads from the recent snapshot, not one poll each', async () => {
    const lists = () => calls.filter((c) => c === 'GET /api/sessions').length;
    const link = await fetch(`${stack.url}/api/connect-links`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: 'cliente_001' }),
    });
    const { url } = (await link.json()) as { url: string };
    expect(await (await fetch(url)).text()).toContain('data:image/png;base64,');
    const before = lists();
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(200);
    // The interval here is a minute, so every load after the first is served from the last poll.
    expect(lists()).toBe(before);
  });
});
