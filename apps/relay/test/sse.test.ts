/**
 * The SSE stream for dashboards, on both backends: live events, resume after `Last-Event-ID` from the
 * outbox, a type filter, the bearer token, and `/health`.
 */
import { InboxHub } from '@inbox-hub/client';
import { canary } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Outbox, openOutbox, type Relay } from '../src/index.js';
import { backends } from './support/backends.js';

interface Frame {
  id: string;
  event: string;
  data: string;
}

/** Opens the stream and collects frames until `count` arrived (or `until` says stop). */
async function collect(
  url: string,
  count: number,
  headers: Record<string, string> = {},
  during?: () => Promise<void>,
): Promise<Frame[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const frames: Frame[] = [];
  let buffer = '';
  const acting = during?.();
  try {
    while (frames.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(': '))
            .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        );
        if (fields.data !== undefined) frames.push(fields as unknown as Frame);
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    controller.abort();
    await acting;
  }
  return frames;
}

describe.each(backends)('the SSE stream on $name', (backend) => {
  let sandbox: RunningSandbox;
  let hub: InboxHub;
  let outbox: Outbox;
  let relay: Relay | undefined;
  let n = 0;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
  });
  afterEach(async () => {
    await relay?.stop();
    await outbox?.close();
    relay = undefined;
  });
  afterAll(() => sandbox?.close());

  async function start(token?: string) {
    outbox = await openOutbox(await backend.target());
    relay = createRelay({
      hub,
      outbox,
      endpoints: [],
      intervalMs: 60_000,
      http: { host: '127.0.0.1', port: 0, token, pollMs: 50 },
    });
    await relay.start();
    await relay.tick();
    return relay;
  }

  it('streams new events live, then resumes after Last-Event-ID from the outbox', async () => {
    const r = await start();
    const first = `sse_${backend.name}_${++n}`;
    const live = await collect(`${r.url}/events`, 1, {}, async () => {
      await hub.sessions.create({ sessionId: first });
      await r.tick();
    });
    const [stored] = await outbox.eventsAfter(0, 10);
    expect(live).toEqual([{ id: String(stored!.seq), event: 'session.created', data: stored!.body }]);
    expect(JSON.parse(live[0]!.data)).toMatchObject({ type: 'session.created', sessionId: first });

    // While no dashboard listens, more happens; a reconnecting one gets it from the outbox.
    await hub.sessions.connect(first);
    await r.tick();
    const second = `sse_${backend.name}_${++n}`;
    await hub.sessions.create({ sessionId: second });
    await r.tick();
    const resumed = await collect(`${r.url}/events`, 2, { 'Last-Event-ID': live[0]!.id });
    expect(resumed.map((f) => [f.event, JSON.parse(f.data).sessionId])).toEqual([
      ['session.qr_rotated', first],
      ['session.created', second],
    ]);
    expect(Number(resumed[0]!.id)).toBeGreaterThan(Number(live[0]!.id));
    // Only the asked-for types.
    const filtered = await collect(`${r.url}/events?types=session.created`, 2, { 'Last-Event-ID': '0' });
    expect(filtered.map((f) => f.event)).toEqual(['session.created', 'session.created']);

    // An id from another outbox (past the newest event) starts from now instead of waiting forever.
    const third = `sse_${backend.name}_${++n}`;
    const fresh = await collect(`${r.url}/events`, 1, { 'Last-Event-ID': '999999999' }, async () => {
      await hub.sessions.create({ sessionId: third });
      await r.tick();
    });
    expect(JSON.parse(fresh[0]!.data).sessionId).toBe(third);

    const bad = await fetch(`${r.url}/events`, { headers: { 'Last-Event-ID': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/Last-Event-ID/);
  });

  it('answers 503 when the outbox cannot be read as a stream opens, and keeps serving', async () => {
    outbox = await openOutbox(await backend.target());
    const real = outbox;
    // The database fails for the stream's first read only; everything else goes through to the real outbox.
    const failing = new Proxy(real, {
      get(target, property) {
        if (property === 'lastSeq') return () => Promise.reject(new Error('connection terminated'));
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    relay = createRelay({
      hub,
      outbox: failing,
      endpoints: [],
      intervalMs: 60_000,
      http: { host: '127.0.0.1', port: 0, pollMs: 50 },
    });
    await relay.start();
    const refused = await fetch(`${relay.url}/events`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(/outbox/);
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('asks for the bearer token when one is set; /health answers without it', async () => {
    const token = 'sse-token-0123456789abcdefghij';
    const r = await start(token);
    expect((await fetch(`${r.url}/events`)).status).toBe(401);
    const wrong = await fetch(`${r.url}/events`, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    const id = `sse_${backend.name}_${++n}`;
    const frames = await collect(`${r.url}/events`, 1, { authorization: `Bearer ${token}` }, async () => {
      await hub.sessions.create({ sessionId: id });
      await r.tick();
    });
    expect(JSON.parse(frames[0]!.data).sessionId).toBe(id);
    const health = await (await fetch(`${r.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', backend: backend.name, poller: true });
    expect(JSON.stringify(health)).not.toContain(token);
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
