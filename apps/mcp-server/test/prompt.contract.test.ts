import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the connect_client_whatsapp prompt', () => {
  it('is listed with its arguments', async () => {
    harness = await connect();
    const { prompts } = await harness.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['connect_client_whatsapp']);
    expect(prompts[0]?.arguments?.map((a) => [a.name, a.required ?? false])).toEqual([
      ['sessionId', true],
      ['phoneNumber', false],
      ['clientName', false],
    ]);
  });

  it('walks through setup, QR, wait and the phone check with the given values', async () => {
    harness = await connect();
    const result = await harness.client.getPrompt({
      name: 'connect_client_whatsapp',
      arguments: { sessionId: 'cliente_001', phoneNumber: '34612345678', clientName: 'Empresa ABC' },
    });
    const message = result.messages[0];
    expect(message?.role).toBe('user');
    const text = message?.content.type === 'text' ? message.content.text : '';
    expect(text).toContain('setup_session with sessionId "cliente_001", phoneNumber "34612345678"');
    expect(text).toContain(
      'wait_for_connection with sessionId "cliente_001" and expectedPhoneNumber "34612345678"',
    );
    expect(text).toMatch(/phoneCheck.*matches is false.*disconnect_session/);
    // Each step names a tool the server really offers.
    const { tools } = await harness.client.listTools();
    for (const tool of ['setup_session', 'get_qr_code', 'wait_for_connection', 'disconnect_session']) {
      expect(text).toContain(tool);
      expect(tools.map((t) => t.name)).toContain(tool);
    }
  });

  it('asks for the number when none is given', async () => {
    harness = await connect();
    const result = await harness.client.getPrompt({
      name: 'connect_client_whatsapp',
      arguments: { sessionId: 'x1' },
    });
    const text = result.messages[0]?.content.type === 'text' ? result.messages[0].content.text : '';
    expect(text).toContain('ask the user which number should connect');
    expect(text).not.toContain('expectedPhoneNumber "');
  });

  it("completes sessionId from the account's sessions, by prefix, as the resource template does", async () => {
    harness = await connect();
    const complete = (value: string) =>
      harness?.client.complete({
        ref: { type: 'ref/prompt', name: 'connect_client_whatsapp' },
        argument: { name: 'sessionId', value },
      });
    expect((await complete('cli'))?.completion.values).toEqual(['cliente_12345']);
    expect((await complete(''))?.completion.values).toEqual(['cliente_12345', 'sucursal_madrid']);
    expect((await complete('nobody'))?.completion.values).toEqual([]);
    // The other arguments have nothing to complete.
    const phone = await harness.client.complete({
      ref: { type: 'ref/prompt', name: 'connect_client_whatsapp' },
      argument: { name: 'phoneNumber', value: '34' },
    });
    expect(phone.completion.values).toEqual([]);
    harness.assertNoViolations();
  });

  it('refuses an invalid session id', async () => {
    harness = await connect();
    await expect(
      harness.client.getPrompt({ name: 'connect_client_whatsapp', arguments: { sessionId: 'no spaces' } }),
    ).rejects.toThrow(/letters, digits/);
  });
});
