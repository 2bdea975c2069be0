import { securityLog } from '@inbox-hub/contract-testing';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness } from './helpers.js';

// Issue #11, item 10: the tool allow-list (and read-only mode) must limit every surface that exposes
// data, not only tools/list. Each resource maps to the tool that exposes the same data: the session list
// (and anything that enumerates session ids: resources/list entries, completions) needs list_sessions,
// one session's status needs get_session_status. Prism's example account has two sessions.
const SESSION_IDS = ['cliente_12345', 'sucursal_madrid'];
const security = securityLog('mcp-server', 'allow-list');
afterAll(() => security.write());

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every answer an attacker can get from the non-tool surfaces, errors included, as one string. */
async function probe(client: Client): Promise<string> {
  const answers: unknown[] = [];
  const attempt = async (run: () => Promise<unknown>) => {
    try {
      answers.push(await run());
    } catch (error) {
      answers.push(error instanceof Error ? error.message : String(error));
    }
  };
  await attempt(() => client.listResources());
  await attempt(() => client.listResourceTemplates());
  await attempt(() => client.readResource({ uri: 'inbox-hub://sessions' }));
  await attempt(() =>
    client.complete({
      ref: { type: 'ref/resource', uri: 'inbox-hub://sessions/{sessionId}' },
      argument: { name: 'sessionId', value: '' },
    }),
  );
  await attempt(() =>
    client.complete({
      ref: { type: 'ref/prompt', name: 'connect_client_whatsapp' },
      argument: { name: 'sessionId', value: '' },
    }),
  );
  return JSON.stringify(answers);
}

describe('#11.10 the allow-list limits every surface', () => {
  it('#11.10 without list_sessions, resources, templates and completions reveal no session', () =>
    security.check(
      '#11.10',
      '--tools get_qr_code, then resources/list, resources/read inbox-hub://sessions and completion/complete for sessionId',
      'no surface outside the allow-list answers: no session id, name or number is revealed',
      async () => {
        harness = await connect({ allowedTools: ['get_qr_code'] });
        const { client } = harness;
        expect(client.getServerCapabilities()?.resources).toBeUndefined();
        expect(client.getServerCapabilities()?.completions).toBeUndefined();
        await expect(client.readResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
        await expect(client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' })).rejects.toThrow();
        const answers = await probe(client);
        for (const id of SESSION_IDS) expect(answers).not.toContain(id);
        // The allowed tool itself still works.
        const qr = await client.callTool({ name: 'get_qr_code', arguments: { sessionId: 'cliente_12345' } });
        expect(qr.isError).toBeFalsy();
      },
    ));

  it('#11.10 get_session_status alone reads one session but cannot list, enumerate or complete ids', () =>
    security.check(
      '#11.10',
      '--tools get_session_status, then list the sessions through resources/list, the list resource and completions',
      "one named session's status is readable (as the tool allows); the session list is not",
      async () => {
        harness = await connect({ allowedTools: ['get_session_status'] });
        const { client } = harness;
        const one = await client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' });
        const first = one.contents[0];
        expect(first && 'text' in first ? JSON.parse(first.text) : undefined).toMatchObject({
          sessionId: 'cliente_12345',
        });
        const { resources } = await client.listResources();
        expect(resources).toEqual([]);
        const { resourceTemplates } = await client.listResourceTemplates();
        expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['inbox-hub://sessions/{sessionId}']);
        await expect(client.readResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
        expect(client.getServerCapabilities()?.completions).toBeUndefined();
        const answers = await probe(client);
        for (const id of SESSION_IDS) expect(answers).not.toContain(id);
      },
    ));

  it('#11.10 subscriptions follow the same rule', () =>
    security.check(
      '#11.10',
      '--tools get_session_status, then resources/subscribe to inbox-hub://sessions',
      'refused; subscribing to a named session, which the tool can read, is allowed',
      async () => {
        harness = await connect({ allowedTools: ['get_session_status'] });
        await expect(harness.client.subscribeResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow(
          /not offered/,
        );
        await harness.client.subscribeResource({ uri: 'inbox-hub://sessions/cliente_12345' });
        await harness.client.unsubscribeResource({ uri: 'inbox-hub://sessions/cliente_12345' });
        harness.assertNoViolations();
      },
    ));

  it('#11.10 the prompt completes session ids only when list_sessions is allowed', () =>
    security.check(
      '#11.10',
      "--tools without list_sessions but with the prompt's tools, then complete the prompt's sessionId",
      'the prompt is offered, its sessionId completes nothing',
      async () => {
        harness = await connect({
          allowedTools: ['setup_session', 'wait_for_connection', 'get_session_status'],
        });
        const { client } = harness;
        expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['connect_client_whatsapp']);
        const answers = await probe(client);
        for (const id of SESSION_IDS) expect(answers).not.toContain(id);
        await harness.close();

        harness = await connect({
          allowedTools: ['setup_session', 'wait_for_connection', 'get_session_status', 'list_sessions'],
        });
        const completed = await harness.client.complete({
          ref: { type: 'ref/prompt', name: 'connect_client_whatsapp' },
          argument: { name: 'sessionId', value: 'suc' },
        });
        expect(completed.completion.values).toEqual(['sucursal_madrid']);
      },
    ));

  it('#11.10 read-only mode limits resources the same way', () =>
    security.check(
      '#11.10',
      '--read-only --tools get_qr_code,list_sessions,create_session, then read the resources',
      'read-only keeps list_sessions (it reads), so the list is offered; per-session status is not',
      async () => {
        harness = await connect({
          readOnly: true,
          allowedTools: ['get_qr_code', 'list_sessions', 'create_session'],
        });
        const { client } = harness;
        expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
          'get_qr_code',
          'list_sessions',
        ]);
        const list = await client.readResource({ uri: 'inbox-hub://sessions' });
        expect(JSON.stringify(list.contents)).toContain('cliente_12345');
        expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['inbox-hub://sessions']);
        await expect(client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' })).rejects.toThrow();
        // Read-only mode alone keeps both read tools, so both resources stay.
        await harness.close();
        harness = await connect({ readOnly: true });
        const uris = (await harness.client.listResources()).resources.map((r) => r.uri);
        expect(uris).toContain('inbox-hub://sessions');
        expect(uris).toContain('inbox-hub://sessions/cliente_12345');
      },
    ));
});
