import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  connect,
  type Harness,
  PNG_BASE64_PREFIX,
  prefer,
  rewriteStatus,
  structured,
  text,
} from './helpers.js';

// Prism answers from the spec's examples: the list holds sucursal_madrid (connected) and cliente_12345,
// whose status example is `connected` with phone 34612345678.
const ID = 'cliente_12345';
const PHONE = '34612345678';

let harness: Harness | undefined;
afterEach(async () => {
  harness?.assertNoViolations();
  await harness?.close();
  harness = undefined;
});

async function open(options?: Parameters<typeof connect>[0]): Promise<Harness> {
  harness = await connect(options);
  return harness;
}

/** Every successful result carries its structured content as JSON text too. */
function expectTextMirrorsStructured(result: CallToolResult): void {
  expect(result.isError).toBeFalsy();
  expect(JSON.parse(text(result))).toEqual(result.structuredContent);
}

function image(result: CallToolResult): { data: string; mimeType: string } {
  const block = result.content.find((c) => c.type === 'image');
  if (block?.type !== 'image') throw new Error('no image block');
  return block;
}

describe('tools against the Prism mock', () => {
  it('create_session creates a pending session', async () => {
    const { client } = await open();
    const result = await call(client, 'create_session', {
      sessionId: ID,
      phoneNumber: PHONE,
      name: 'Empresa ABC',
    });
    expectTextMirrorsStructured(result);
    const out = structured<{
      session: { sessionId: string; status: string; hasQr: boolean };
      nextStep: string;
    }>(result);
    expect(out.session).toMatchObject({ sessionId: ID, status: 'pending', hasQr: false });
    expect(out.nextStep).toContain('connect_session');
  });

  it('create_session accepts a phone number sent as a JSON number (as CLIs and some models send it)', async () => {
    const { client } = await open();
    const result = await call(client, 'create_session', { sessionId: ID, phoneNumber: 34612345678 });
    expect(structured(result)).toMatchObject({ session: { sessionId: ID } });
  });

  it('list_sessions lists every session and filters by status', async () => {
    const { client } = await open();
    const all = await call(client, 'list_sessions');
    expectTextMirrorsStructured(all);
    expect(structured(all)).toMatchObject({ total: 2, count: 2 });
    // The list's raw QR must not leak into structured content: it is fetched as an image instead.
    expect(text(all)).not.toContain(PNG_BASE64_PREFIX);

    const connected = structured<{ count: number; sessions: Array<{ sessionId: string }> }>(
      await call(client, 'list_sessions', { status: 'connected' }),
    );
    expect(connected.count).toBe(1);
    expect(connected.sessions.map((s) => s.sessionId)).toEqual(['sucursal_madrid']);
  });

  it('connect_session starts the connection and points at get_qr_code', async () => {
    const { client } = await open();
    const result = await call(client, 'connect_session', { sessionId: ID });
    expectTextMirrorsStructured(result);
    expect(structured(result)).toMatchObject({ sessionId: ID, status: 'pending' });
    expect(structured<{ nextStep: string }>(result).nextStep).toContain('get_qr_code');
  });

  it('get_qr_code returns the QR as a PNG image block and its expiry without base64 in structured content', async () => {
    const { client } = await open();
    const result = await call(client, 'get_qr_code', { sessionId: ID });
    expectTextMirrorsStructured(result);
    const png = image(result);
    expect(png.mimeType).toBe('image/png');
    expect(png.data.startsWith(PNG_BASE64_PREFIX)).toBe(true);
    expect(png.data).not.toContain('data:');
    const out = structured<{ qr: { expiresAt: string; expiresInSeconds: number; status: string } }>(result);
    expect(out.qr).toEqual({
      sessionId: ID,
      status: 'pending',
      expiresAt: '2025-10-14T09:31:05.000Z',
      // The spec's example expired long ago.
      expiresInSeconds: 0,
    });
    expect(JSON.stringify(result.structuredContent)).not.toContain(png.data.slice(0, 40));
  });

  it('get_qr_code reports seconds left against the clock', async () => {
    const now = Date.parse('2025-10-14T09:30:05.000Z');
    const { client } = await open({ now: () => now });
    const out = structured<{ qr: { expiresInSeconds: number } }>(
      await call(client, 'get_qr_code', { sessionId: ID }),
    );
    expect(out.qr.expiresInSeconds).toBe(60);
  });

  it('get_session_status reports the status and checks the expected phone', async () => {
    const { client } = await open();
    const plain = await call(client, 'get_session_status', { sessionId: ID });
    expectTextMirrorsStructured(plain);
    expect(structured(plain)).toMatchObject({
      status: { sessionId: ID, status: 'connected', isConnected: true, phoneNumber: PHONE },
      phoneCheck: { expected: null, actual: PHONE, matches: null },
    });

    const same = structured(
      await call(client, 'get_session_status', { sessionId: ID, expectedPhoneNumber: PHONE }),
    );
    expect(same.phoneCheck).toEqual({ expected: PHONE, actual: PHONE, matches: true });

    const other = structured<{ phoneCheck: { matches: boolean }; nextStep: string }>(
      await call(client, 'get_session_status', { sessionId: ID, expectedPhoneNumber: '34600000000' }),
    );
    expect(other.phoneCheck.matches).toBe(false);
    expect(other.nextStep).toMatch(/WARNING.*disconnect_session/);
  });

  it('disconnect_session disconnects', async () => {
    const { client } = await open();
    const result = await call(client, 'disconnect_session', { sessionId: ID });
    expectTextMirrorsStructured(result);
    expect(structured(result)).toMatchObject({ sessionId: ID, status: 'disconnected' });
  });

  it('setup_session creates, connects and returns the QR image in one call', async () => {
    const { client } = await open();
    const result = await call(client, 'setup_session', { sessionId: ID, phoneNumber: PHONE });
    expectTextMirrorsStructured(result);
    expect(image(result).data.startsWith(PNG_BASE64_PREFIX)).toBe(true);
    const out = structured<{ session: { status: string }; qr: { expiresAt: string }; nextStep: string }>(
      result,
    );
    expect(out.session.status).toBe('pending');
    expect(out.qr.expiresAt).toBe('2025-10-14T09:31:05.000Z');
    expect(out.nextStep).toContain('wait_for_connection');
  });

  it('wait_for_connection returns once connected, with progress notifications when asked', async () => {
    const { client } = await open();
    const progress: Array<{ progress: number; message?: string }> = [];
    const result = await call(
      client,
      'wait_for_connection',
      { sessionId: ID, expectedPhoneNumber: PHONE },
      { onprogress: (p) => progress.push(p) },
    );
    expectTextMirrorsStructured(result);
    expect(structured(result)).toMatchObject({
      outcome: 'connected',
      status: { status: 'connected', phoneNumber: PHONE },
      phoneCheck: { expected: PHONE, actual: PHONE, matches: true },
      polls: 1,
    });
    expect(result.content.some((c) => c.type === 'image')).toBe(false);
    expect(progress).toHaveLength(1);
    expect(progress[0]?.message).toContain('connected');
  });

  it('wait_for_connection flags a different phone than the one setup_session was given', async () => {
    const { client } = await open();
    await call(client, 'setup_session', { sessionId: ID, phoneNumber: '34699999999' });
    const out = structured<{ outcome: string; phoneCheck: { matches: boolean }; nextStep: string }>(
      await call(client, 'wait_for_connection', { sessionId: ID }),
    );
    expect(out.outcome).toBe('connected');
    expect(out.phoneCheck).toEqual({ expected: '34699999999', actual: PHONE, matches: false });
    expect(out.nextStep).toMatch(/^WARNING: the phone that connected \(34612345678\)/);
  });

  it('wait_for_connection hands over a new QR at once when none was shown yet', async () => {
    // Status `pending` makes the wait fetch the current QR, which the user has not seen: it returns it.
    const { client } = await open({ wrapFetch: rewriteStatus(() => 'pending') });
    const result = await call(client, 'wait_for_connection', { sessionId: ID });
    expectTextMirrorsStructured(result);
    expect(structured(result)).toMatchObject({ outcome: 'new_qr', status: { status: 'pending' } });
    expect(image(result).data.startsWith(PNG_BASE64_PREFIX)).toBe(true);
  });

  it('wait_for_connection times out as a normal result that hands the shown QR back', async () => {
    // A QR valid for an hour, a session that stays pending: only the 1 s limit can end the wait.
    const { client } = await open({
      wait: { pollIntervalMs: 50, maxPollIntervalMs: 100 },
      wrapFetch: (inner) => rewriteStatus(() => 'pending')(freshQr(inner)),
    });
    await call(client, 'get_qr_code', { sessionId: ID });
    const result = await call(client, 'wait_for_connection', { sessionId: ID, timeoutSeconds: 1 });
    expectTextMirrorsStructured(result);
    const out = structured<{
      outcome: string;
      polls: number;
      qr: { expiresInSeconds: number };
      nextStep: string;
    }>(result);
    expect(out.outcome).toBe('timeout');
    expect(out.polls).toBeGreaterThan(1);
    expect(out.qr.expiresInSeconds).toBeGreaterThan(0);
    expect(out.nextStep).toContain('wait_for_connection once more');
    expect(image(result).data.startsWith(PNG_BASE64_PREFIX)).toBe(true);
  });

  it('wait_for_connection stops when the call is cancelled', async () => {
    let statusPolls = 0;
    let resolveStopped: (name: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => {
      resolveStopped = resolve;
    });
    const controller = new AbortController();
    const { client } = await open({
      // A long poll interval: if cancellation did not reach the wait, it would sleep past the test timeout.
      wait: { pollIntervalMs: 3_600_000, maxPollIntervalMs: 3_600_000 },
      wrapFetch: (inner) =>
        rewriteStatus(() => {
          statusPolls++;
          if (statusPolls === 1) queueMicrotask(() => controller.abort());
          return 'pending';
        })(inner),
      logger: {
        debug() {},
        warn() {},
        error() {},
        info(message, meta) {
          if (message.includes('wait_for_connection')) resolveStopped(String(meta?.error));
        },
      },
    });
    // Skip the QR fetch so the wait goes straight to sleeping.
    await call(client, 'get_qr_code', { sessionId: ID });
    await expect(
      call(client, 'wait_for_connection', { sessionId: ID }, { signal: controller.signal }),
    ).rejects.toThrow();
    expect(await stopped).toBe('AbortError');
    expect(statusPolls).toBe(1);
  });
});

describe('argument errors come back as isError results, and the server keeps serving', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['create_session', { sessionId: 'bad id/../x' }, /sessionId may contain only letters/],
    ['create_session', { sessionId: 'x'.repeat(101) }, /at most 100 characters/],
    ['create_session', { sessionId: ID, phoneNumber: '+34 612 345 678' }, /phoneNumber must be 8-15 digits/],
    ['create_session', { sessionId: ID, name: '   ' }, /name must not be blank/],
    ['setup_session', { sessionId: ID, description: 'x'.repeat(501) }, /at most 500 characters/],
    ['get_qr_code', {}, /sessionId|Required/],
    ['get_session_status', { sessionId: 42 }, /string/],
    ['wait_for_connection', { sessionId: ID, timeoutSeconds: 0 }, /at least 1/],
    ['list_sessions', { status: 'online' }, /pending|connected/],
  ];
  for (const [tool, args, message] of cases) {
    it(`${tool} ${JSON.stringify(args).slice(0, 60)}`, async () => {
      const { client } = await open();
      const result = await call(client, tool, args);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(message);
      // Still alive.
      expect((await client.listTools()).tools.length).toBe(8);
    });
  }

  it('an unknown tool is an error result, not a crash', async () => {
    const { client } = await open();
    const result = await call(client, 'delete_everything');
    expect(result.isError).toBe(true);
    expect((await client.listTools()).tools.length).toBe(8);
  });
});

describe('API errors come back as isError results with a next step', () => {
  const cases: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
    [
      '409 SESSION_EXISTS',
      'code=409, example=sessionExists',
      { sessionId: ID },
      'create_session',
      /already exists.*connect_session.*get_session_status/,
    ],
    [
      '409 PHONE_NUMBER_IN_USE',
      'code=409, example=phoneInUse',
      { sessionId: ID, phoneNumber: PHONE },
      'create_session',
      /another session.*list_sessions/,
    ],
    [
      '404 QR_NOT_AVAILABLE',
      'code=404, example=qrNotAvailable',
      { sessionId: ID },
      'get_qr_code',
      /no QR code right now.*connect_session/,
    ],
    [
      '404 SESSION_NOT_FOUND',
      'code=404',
      { sessionId: ID },
      'connect_session',
      /no session "cliente_12345".*list_sessions/,
    ],
    ['410 QR_EXPIRED', 'code=410', { sessionId: ID }, 'get_qr_code', /expired.*connect_session/],
    ['401', 'code=401, example=invalidApiKey', {}, 'list_sessions', /INBOX_HUB_API_KEY/],
    ['422', 'code=422', { sessionId: ID }, 'disconnect_session', /rejected the arguments \(sessionId\)/],
    ['429', 'code=429', {}, 'list_sessions', /rate-limiting.*Wait 5 seconds/],
    ['500', 'code=500', {}, 'list_sessions', /HTTP 500.*call the tool again/],
  ];
  for (const [label, header, args, tool, message] of cases) {
    it(`${tool}: ${label}`, async () => {
      const { client } = await open({ wrapFetch: prefer(header) });
      const result = await call(client, tool, args);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(message);
    });
  }

  it('get_session_status on a session that is not in the account', async () => {
    const { client } = await open();
    const result = await call(client, 'get_session_status', { sessionId: 'cliente_999' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/no session "cliente_999".*list_sessions.*create_session/);
  });
});

/** Moves the QR's `expiresAt` an hour ahead (the spec's example expired in 2025). */
function freshQr(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!/\/qr$/.test(new URL(new Request(input, init).url).pathname) || !response.ok) return response;
    const body = (await response.json()) as { data: { expiresAt: string } };
    body.data.expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
}
