import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  harness?.assertNoViolations();
  await harness?.close();
  harness = undefined;
});

function contentText(result: { contents: Array<object> }): string {
  const first = result.contents[0];
  if (!first || !('text' in first) || typeof first.text !== 'string') throw new Error('no text content');
  return first.text;
}

describe('resources against the Prism mock', () => {
  it('lists the session list and one status resource per session, and the template', async () => {
    harness = await connect();
    const { resources } = await harness.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'inbox-hub://sessions',
      'inbox-hub://sessions/cliente_12345',
      'inbox-hub://sessions/sucursal_madrid',
    ]);
    const { resourceTemplates } = await harness.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['inbox-hub://sessions/{sessionId}']);
    expect(harness.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
  });

  it('reads inbox-hub://sessions as JSON without QR base64', async () => {
    harness = await connect();
    const result = await harness.client.readResource({ uri: 'inbox-hub://sessions' });
    expect(result.contents[0]?.mimeType).toBe('application/json');
    const body = JSON.parse(contentText(result)) as { total: number; sessions: Array<{ sessionId: string }> };
    expect(body.total).toBe(2);
    expect(body.sessions.map((s) => s.sessionId)).toEqual(['sucursal_madrid', 'cliente_12345']);
    expect(contentText(result)).not.toContain('iVBORw0KGgo');
  });

  it("reads one session's status", async () => {
    harness = await connect();
    const result = await harness.client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' });
    expect(JSON.parse(contentText(result))).toMatchObject({
      sessionId: 'cliente_12345',
      status: 'connected',
      isConnected: true,
    });
  });

  it('refuses an unknown session and an invalid id with an actionable message', async () => {
    harness = await connect();
    await expect(harness.client.readResource({ uri: 'inbox-hub://sessions/cliente_999' })).rejects.toThrow(
      /no session "cliente_999".*list_sessions/,
    );
    await expect(harness.client.readResource({ uri: 'inbox-hub://sessions/a%20b' })).rejects.toThrow(
      /letters, digits/,
    );
  });

  it('completes session ids', async () => {
    harness = await connect();
    const result = await harness.client.complete({
      ref: { type: 'ref/resource', uri: 'inbox-hub://sessions/{sessionId}' },
      argument: { name: 'sessionId', value: 'cli' },
    });
    expect(result.completion.values).toEqual(['cliente_12345']);
  });
});

describe('resource subscriptions', () => {
  it('sends notifications/resources/updated when a subscribed status changes', async () => {
    let status = 'pending';
    const paths: string[] = [];
    harness = await connect({
      resourcePollIntervalMs: 20,
      wrapFetch: (inner) => async (input, init) => {
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
        paths.push(path);
        const response = await inner(input, init);
        if (path !== '/api/sessions' || !response.ok) return response;
        const body = (await response.json()) as {
          data: { sessions: Array<{ sessionId: string; status: string }> };
        };
        for (const s of body.data.sessions) if (s.sessionId === 'cliente_12345') s.status = status;
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      },
    });
    const updates: string[] = [];
    let notify: (uri: string) => void = () => {};
    harness.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n: ServerNotification) => {
      const uri = (n.params as { uri: string }).uri;
      updates.push(uri);
      notify(uri);
    });
    const uri = 'inbox-hub://sessions/cliente_12345';
    await harness.client.subscribeResource({ uri });
    const updated = new Promise<string>((resolve) => {
      notify = resolve;
    });
    status = 'connected';
    expect(await updated).toBe(uri);
    expect(updates).toEqual([uri]);
    // The watcher reads only the session list: one request per tick, however many resources are watched.
    expect(new Set(paths)).toEqual(new Set(['/api/sessions']));
    await harness.client.unsubscribeResource({ uri });
  });

  it('notifies subscribers of inbox-hub://sessions when a session in the list changes status', async () => {
    let madrid = 'connected';
    harness = await connect({
      resourcePollIntervalMs: 20,
      wrapFetch: (inner) => async (input, init) => {
        const response = await inner(input, init);
        if (new URL(new Request(input, init).url).pathname !== '/api/sessions' || !response.ok)
          return response;
        const body = (await response.json()) as {
          data: { sessions: Array<{ sessionId: string; status: string }> };
        };
        for (const s of body.data.sessions) if (s.sessionId === 'sucursal_madrid') s.status = madrid;
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      },
    });
    const updated = new Promise<string>((resolve) => {
      harness?.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
    });
    await harness.client.subscribeResource({ uri: 'inbox-hub://sessions' });
    madrid = 'disconnected';
    expect(await updated).toBe('inbox-hub://sessions');
  });

  it('refuses to subscribe to a URI that is not ours', async () => {
    harness = await connect();
    await expect(harness.client.subscribeResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(
      /inbox-hub:\/\/sessions/,
    );
  });

  it('does not offer subscribe when subscriptions are off (stateless HTTP)', async () => {
    harness = await connect({ subscriptions: false });
    expect(harness.client.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
  });
});
