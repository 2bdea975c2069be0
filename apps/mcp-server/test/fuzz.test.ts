import { InboxHub } from '@inbox-hub/client';
import {
  CaseCounter,
  descriptionArb,
  nameArb,
  phoneArb,
  sessionIdArb,
  isValidPhone as validPhone,
  isValidSessionId as validSessionId,
  writeReport,
} from '@inbox-hub/contract-testing';
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
let requests = 0;
let client: Client;
let close: () => Promise<void>;
const tried = new CaseCounter();
const count = (field: string, valid: boolean) => tried.count(field, valid);

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
  writeReport('fuzz-mcp', { surface: 'mcp', fields: tried.fields });
});

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
        await count('sessionId', validSessionId(sessionId));
        await expectOutcome({ sessionId }, validSessionId(sessionId), 'sessionId');
      }),
      { numRuns: RUNS },
    );
  });

  it(`phoneNumber (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(phoneArb, async (phoneNumber) => {
        await count('phoneNumber', validPhone(phoneNumber));
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
      fc.asyncProperty(nameArb, async (name) => {
        const valid = name.trim().length > 0 && name.length <= 100;
        await count('name', valid);
        await expectOutcome({ sessionId: 'cliente_001', name }, valid, 'name');
      }),
      { numRuns: RUNS },
    );
  });

  it(`description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(descriptionArb, async (description) => {
        const valid = description.length <= 500;
        await count('description', valid);
        await expectOutcome({ sessionId: 'cliente_001', description }, valid, 'description');
      }),
      { numRuns: RUNS },
    );
  });
});
