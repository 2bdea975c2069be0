/**
 * Property-based tests of the node's parameters: 10 000 generated values per field through the Create
 * operation. Valid input is sent as typed (after the trim n8n users expect); anything else stops with a
 * NodeOperationError naming the parameter, before any request. Oracles follow the spec's rules.
 */
import { writeReport } from '@inbox-hub/contract-testing';
import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';
import { afterAll, describe, expect, it } from 'vitest';
import { InboxHub } from '../nodes/InboxHub/InboxHub.node.js';
import { executeContext, fakeHttp } from './fake-context.mjs';

const RUNS = 10_000;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const validSessionId = (s: string) =>
  s.length >= 1 && s.length <= 100 && [...s].every((c) => ALNUM.includes(c) || c === '_' || c === '-');
const validPhone = (s: string) =>
  s.length >= 8 && s.length <= 15 && s[0] !== '0' && [...s].every((c) => c >= '0' && c <= '9');

const tried: Record<string, { cases: number; invalid: number }> = {};
const count = (field: string, valid: boolean) => {
  tried[field] ??= { cases: 0, invalid: 0 };
  tried[field].cases++;
  if (!valid) tried[field].invalid++;
};
afterAll(() => writeReport('fuzz-n8n', { surface: 'n8n node', fields: tried }));

const session = {
  id: 1,
  sessionId: 'x',
  name: 'x',
  description: null,
  phoneNumber: null,
  status: 'pending',
  qrCode: null,
  createdAt: '2025-10-14T09:30:00.000Z',
  updatedAt: '2025-10-14T09:30:00.000Z',
};

async function run(params: Record<string, unknown>, valid: boolean, label: string) {
  const http = fakeHttp(() => ({ statusCode: 201, body: { success: true, data: session } }));
  const ctx = executeContext({
    params: [{ resource: 'session', operation: 'create', additionalFields: {}, ...params }],
    http,
  });
  const outcome = await new InboxHub().execute.call(ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (valid) {
    expect(outcome).toBeUndefined();
    expect(http.requests).toHaveLength(1);
    return http.requests[0]?.body as Record<string, unknown>;
  }
  expect(outcome).toBeInstanceOf(NodeOperationError);
  expect((outcome as Error).message).toContain(`"${label}"`);
  expect(http.requests).toHaveLength(0);
  return undefined;
}

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
    ' ',
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

describe('property: node parameters', () => {
  it(`Session ID (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(sessionIdArb, async (raw) => {
        const valid = validSessionId(raw.trim());
        count('sessionId', valid);
        const body = await run({ sessionId: raw }, valid, 'Session ID');
        if (body) expect(body.sessionId).toBe(raw.trim());
      }),
      { numRuns: RUNS },
    );
  });

  it(`Phone Number (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(phoneArb, async (raw) => {
        const trimmed = raw.trim();
        const valid = trimmed === '' || validPhone(trimmed);
        count('phoneNumber', valid);
        const body = await run(
          { sessionId: 'cliente_001', additionalFields: { phoneNumber: raw } },
          valid,
          'Phone Number',
        );
        if (body) expect(body.phoneNumber).toBe(trimmed === '' ? undefined : trimmed);
      }),
      { numRuns: RUNS },
    );
  });

  it(`Name (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 130 }), async (name) => {
        const valid = name === '' || (name.trim().length > 0 && name.length <= 100);
        count('name', valid);
        await run({ sessionId: 'cliente_001', additionalFields: { name } }, valid, 'Name');
      }),
      { numRuns: RUNS },
    );
  });

  it(`Description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 520 }), fc.string({ minLength: 495, maxLength: 510 })),
        async (description) => {
          const valid = description.length <= 500;
          count('description', valid);
          await run({ sessionId: 'cliente_001', additionalFields: { description } }, valid, 'Description');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
