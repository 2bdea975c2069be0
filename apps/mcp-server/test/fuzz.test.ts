import { InboxHub } from '@inbox-hub/client';
import { writeReport } from '@inbox-hub/contract-testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { call, text } from './helpers.js';

/**
 * Property-based tests of the tools' arguments through a real MCP client: 10 000 generated values per
 * field. Valid input reaches the API; anything else is an `isError` result that names the field, with no
 * request sent and the server still answering. The oracles follow the spec's rules, not the code's regexes.
 */

const RUNS = 10_000;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const validSessionId = (s: string) =>
  s.length >= 1 && s.length <= 100 && [...s].every((c) => ALNUM.includes(c) || c === '_' || c === '-');
const validPhone = (s: string) =>
  s.length >= 8 && s.length <= 15 && s[0] !== '0' && [...s].every((c) => c >= '0' && c <= '9');

let requests = 0;
let client: Client;
let close: () => Promise<void>;
const tried: Record<string, { cases: number; invalid: number }> = {};
const count = (field: string, valid: boolean) => {
  tried[field] ??= { cases: 0, invalid: 0 };
  tried[field].cases++;
  if (!valid) tried[field].invalid++;
};

/** A fake API that accepts whatever reaches it, counting requests. */
const fakeFetch: typeof fetch = async (input, init) => {
  requests++;
  const request = new Request(input, init);
  const raw = await request.text();
  const body = raw ? JSON.parse(raw) : {};
  const sessionId = body.sessionId ?? new URL(request.url).pathname.split('/')[3];
  const session = {
    id: 1,
    sessionId,
    name: body.name ?? 'x',
    description: body.description ?? null,
    phoneNumber: body.phoneNumber ?? null,
    status: 'pending',
    qrCode: null,
    lastActivity: null,
    createdAt: '2025-10-14T09:30:00.000Z',
    updatedAt: '2025-10-14T09:30:00.000Z',
  };
  const data =
    request.method === 'POST' && request.url.endsWith('/api/sessions')
      ? session
      : { sessionId, status: 'pending' };
  return new Response(JSON.stringify({ success: true, data }), {
    status: request.url.endsWith('/api/sessions') ? 201 : 200,
    headers: { 'content-type': 'application/json' },
  });
};

beforeAll(async () => {
  const hub = new InboxHub({
    baseUrl: 'http://inbox-hub.test',
    apiKey: 'ihk_test_fuzz_key',
    fetch: fakeFetch,
  });
  const server = createServer({ hub, secrets: ['ihk_test_fuzz_key'] });
  client = new Client({ name: 'fuzz', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  close = async () => {
    await client.close();
    await server.close();
  };
});
afterAll(async () => {
  await close?.();
  writeReport('fuzz-mcp', { surface: 'mcp', fields: tried });
});

const sessionIdArb = fc.oneof(
  fc.constantFrom(
    '../',
    '..%2F..',
    'a%2Fb',
    'a/b',
    'with space',
    'ñandú',
    '客户',
    'x'.repeat(101),
    '',
    '.',
    'a\nb',
  ),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
  fc.string({ maxLength: 110 }),
  fc.string({ unit: fc.constantFrom('a', '_', '-', '.', '/', '%', ' ', '2', 'F'), maxLength: 12 }),
);
const phoneArb = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{7,14}$/),
  fc.stringMatching(/^\+[0-9]{8,15}$/),
  fc.stringMatching(/^[0-9]{2,4}( [0-9]{2,4}){1,4}$/),
  fc.stringMatching(/^[0-9a-zA-Z]{6,16}$/),
  fc.string({ maxLength: 20 }),
);

async function expectOutcome(args: Record<string, unknown>, valid: boolean, field: string): Promise<void> {
  const before = requests;
  const result = await call(client, 'create_session', args);
  if (valid) {
    if (result.isError) throw new Error(`valid input refused: ${text(result)}`);
    expect(result.isError ?? false).toBe(false);
    expect(requests).toBeGreaterThan(before);
  } else {
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(field);
    expect(requests).toBe(before);
  }
}

describe('property: tool arguments', () => {
  it(`sessionId (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(sessionIdArb, async (sessionId) => {
        count('sessionId', validSessionId(sessionId));
        await expectOutcome({ sessionId }, validSessionId(sessionId), 'sessionId');
      }),
      { numRuns: RUNS },
    );
  });

  it(`phoneNumber (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(phoneArb, async (phoneNumber) => {
        count('phoneNumber', validPhone(phoneNumber));
        await expectOutcome(
          { sessionId: 'cliente_001', phoneNumber },
          validPhone(phoneNumber),
          'phoneNumber',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it(`name (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 130 }), async (name) => {
        const valid = name.trim().length > 0 && name.length <= 100;
        count('name', valid);
        await expectOutcome({ sessionId: 'cliente_001', name }, valid, 'name');
      }),
      { numRuns: RUNS },
    );
  });

  it(`description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 520 }), fc.string({ minLength: 495, maxLength: 510 })),
        async (description) => {
          const valid = description.length <= 500;
          count('description', valid);
          await expectOutcome({ sessionId: 'cliente_001', description }, valid, 'description');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
