import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, type Harness, structured, text } from './helpers.js';

// The stateful sandbox: sessions persist, a QR is a real PNG, and its simulated phone scans it. The wait
// polls fast here; what makes it finish is the scan, triggered by the wait's own progress notification,
// so nothing depends on how long anything takes.
let sandbox: RunningSandbox;
let harness: Harness | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function open(): Promise<Harness> {
  harness = await connect({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    email: sandbox.account.email,
    password: sandbox.account.password,
    wait: { pollIntervalMs: 10, maxPollIntervalMs: 20 },
  });
  return harness;
}

function qrImage(result: CallToolResult): string {
  const block = result.content.find((c) => c.type === 'image');
  if (block?.type !== 'image') throw new Error('no QR image');
  return block.data;
}

/** Calls wait_for_connection and has the phone scan `image` when the first progress (a pending poll) arrives. */
async function waitWhileScanning(
  client: Harness['client'],
  sessionId: string,
  image: string,
  phoneNumber?: string,
): Promise<CallToolResult> {
  let scanned = false;
  return call(
    client,
    'wait_for_connection',
    { sessionId, timeoutSeconds: 60 },
    {
      onprogress: () => {
        if (scanned) return;
        scanned = true;
        sandbox.phone.scan({ qrCode: image }, phoneNumber ? { phoneNumber } : {});
      },
    },
  );
}

describe('against the sandbox', () => {
  it('setup_session → scan the QR image → wait_for_connection completes connected', async () => {
    const { client } = await open();
    const setup = await call(client, 'setup_session', {
      sessionId: 'mcp_caso_1',
      phoneNumber: '34611111111',
    });
    expect(structured(setup)).toMatchObject({ session: { sessionId: 'mcp_caso_1', status: 'pending' } });
    const waited = await waitWhileScanning(client, 'mcp_caso_1', qrImage(setup));
    expect(structured(waited)).toMatchObject({
      outcome: 'connected',
      status: { sessionId: 'mcp_caso_1', status: 'connected', phoneNumber: '34611111111' },
      phoneCheck: { expected: '34611111111', actual: '34611111111', matches: true },
    });

    const status = structured(await call(client, 'get_session_status', { sessionId: 'mcp_caso_1' }));
    expect(status).toMatchObject({ status: { isConnected: true } });
    // State persists: the session is listed, and a second setup is refused with a next step.
    const list = structured<{ sessions: Array<{ sessionId: string; status: string }> }>(
      await call(client, 'list_sessions', { status: 'connected' }),
    );
    expect(list.sessions.map((s) => s.sessionId)).toContain('mcp_caso_1');
    const again = await call(client, 'setup_session', { sessionId: 'mcp_caso_1' });
    expect(again.isError).toBe(true);
    expect(text(again)).toMatch(/already exists.*connect_session/);
  });

  it('flags a different phone scanning than the expected one', async () => {
    const { client } = await open();
    const setup = await call(client, 'setup_session', {
      sessionId: 'mcp_mismatch',
      phoneNumber: '34622222222',
    });
    const waited = await waitWhileScanning(client, 'mcp_mismatch', qrImage(setup), '34633333333');
    const out = structured<{ outcome: string; phoneCheck: unknown; nextStep: string }>(waited);
    expect(out.outcome).toBe('connected');
    expect(out.phoneCheck).toEqual({ expected: '34622222222', actual: '34633333333', matches: false });
    expect(out.nextStep).toMatch(/^WARNING/);
  });

  it('disconnect_session then connect_session issues a new QR that the wait hands over', async () => {
    const { client } = await open();
    const setup = await call(client, 'setup_session', { sessionId: 'mcp_reconnect' });
    await waitWhileScanning(client, 'mcp_reconnect', qrImage(setup));
    expect(
      structured(await call(client, 'disconnect_session', { sessionId: 'mcp_reconnect' })),
    ).toMatchObject({
      status: 'disconnected',
    });
    expect(structured(await call(client, 'connect_session', { sessionId: 'mcp_reconnect' }))).toMatchObject({
      status: 'pending',
    });
    // No QR shown since the reconnect: the wait returns the new one at once instead of waiting blind.
    const handed = await call(client, 'wait_for_connection', { sessionId: 'mcp_reconnect' });
    expect(structured(handed)).toMatchObject({ outcome: 'new_qr', status: { status: 'pending' } });
    // The old QR no longer works; the handed-over one does.
    expect(() => sandbox.phone.scan({ qrCode: qrImage(setup) })).toThrow();
    const waited = await waitWhileScanning(client, 'mcp_reconnect', qrImage(handed));
    expect(structured(waited)).toMatchObject({ outcome: 'connected' });
  });

  it('completes at most 100 session ids per answer and says how many match', async () => {
    const { client, hub } = await open();
    for (let i = 0; i < 120; i++)
      await hub.sessions.create({ sessionId: `bulk_${String(i).padStart(3, '0')}` });
    const answer = await client.complete({
      ref: { type: 'ref/prompt', name: 'connect_client_whatsapp' },
      argument: { name: 'sessionId', value: 'bulk_' },
    });
    expect(answer.completion.values).toHaveLength(100);
    expect(answer.completion.values[0]).toBe('bulk_000');
    expect(answer.completion).toMatchObject({ total: 120, hasMore: true });
    const narrow = await client.complete({
      ref: { type: 'ref/resource', uri: 'inbox-hub://sessions/{sessionId}' },
      argument: { name: 'sessionId', value: 'bulk_11' },
    });
    expect(narrow.completion.values).toEqual(Array.from({ length: 10 }, (_, i) => `bulk_11${i}`));
  });
});
