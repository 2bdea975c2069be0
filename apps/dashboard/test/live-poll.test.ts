import { assertNoCanary } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, signInHttp } from './support/http.js';
import { type Stack, startStack } from './support/stack.js';

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
    stack = await startStack({ fetch: counting });
    await stack.seed('cliente_001', { name: 'Empresa ABC', phoneNumber: '34612345678' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists the sessions once per poll however many tabs are open', async () => {
    const { cookie } = await signInHttp(stack.url);
    const tabs = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${stack.url}/events`, { headers: { Cookie: cookie } })),
    );
    for (const tab of tabs) expect(tab.headers.get('content-type')).toContain('text/event-stream');
    // Each tab gets a snapshot; then a change (a scan) reaches all ten.
    const firsts = await Promise.all(tabs.map((tab) => readEvents(tab, (e) => e.event === 'snapshot')));
    expect(stack.dashboard.poller.listenerCount).toBe(10);
    for (const events of firsts) {
      const data = JSON.parse(events.at(-1)!.data);
      expect(data.html).toContain('session-cliente_001');
      assertNoCanary(events.map((e) => e.data).join('\n'), 'the event stream');
    }
    const lists = calls.filter((c) => c === 'GET /api/sessions').length;
    expect(lists).toBeGreaterThan(0);
    expect(lists).toBe(stack.dashboard.poller.pollCount);
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
});
