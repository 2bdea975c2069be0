/**
 * #11.10: the tool allow-list (--tools) and read-only mode limit every surface that exposes data, not only
 * tools/list: the session-list resource, the template's listing and id completion, subscriptions.
 */
import { securityLog } from '@inbox-hub/contract-testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness } from './helpers.js';

const security = securityLog('mcp-server', 'allow-list');
afterAll(() => security.write());

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('#11.10 the allow-list limits resources and completions', () => {
  it('#11.10 with --tools get_qr_code, the session list is readable through no resource, listing or completion', () =>
    security.check(
      '#11.10',
      'an MCP client allowed only get_qr_code reads inbox-hub://sessions, lists resources and templates, completes ids, subscribes',
      'no resource is offered; every attempt is refused; tools/list shows get_qr_code only',
      async () => {
        harness = await connect({ allowedTools: ['get_qr_code'] });
        const { client } = harness;
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['get_qr_code']);
        expect(client.getServerCapabilities()?.resources).toBeUndefined();
        await expect(client.listResources()).rejects.toThrow();
        await expect(client.readResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
        await expect(client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' })).rejects.toThrow();
        await expect(
          client.complete({
            ref: { type: 'ref/resource', uri: 'inbox-hub://sessions/{sessionId}' },
            argument: { name: 'sessionId', value: 'c' },
          }),
        ).rejects.toThrow();
        await expect(client.subscribeResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
      },
    ));

  it('#11.10 with --tools get_session_status, one status is readable, but nothing enumerates the sessions', () =>
    security.check(
      '#11.10',
      'an MCP client allowed only get_session_status lists resources, completes ids and reads the list',
      'the status template is offered without its listing or completion; the list resource is refused',
      async () => {
        harness = await connect({ allowedTools: ['get_session_status'] });
        const { client } = harness;
        expect((await client.listResources()).resources).toEqual([]);
        expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
          'inbox-hub://sessions/{sessionId}',
        ]);
        const completion = await client
          .complete({
            ref: { type: 'ref/resource', uri: 'inbox-hub://sessions/{sessionId}' },
            argument: { name: 'sessionId', value: '' },
          })
          .catch(() => ({ completion: { values: [] as string[] } }));
        expect(completion.completion.values).toEqual([]);
        await expect(client.readResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
        await expect(client.subscribeResource({ uri: 'inbox-hub://sessions' })).rejects.toThrow();
        const status = await client.readResource({ uri: 'inbox-hub://sessions/cliente_12345' });
        expect(status.contents[0]?.uri).toBe('inbox-hub://sessions/cliente_12345');
        harness.assertNoViolations();
      },
    ));

  it('read-only mode keeps the reading resources (they expose what list_sessions and get_session_status do)', async () => {
    harness = await connect({ readOnly: true });
    const { client } = harness;
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('inbox-hub://sessions');
    expect((await client.listTools()).tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
  });
});
