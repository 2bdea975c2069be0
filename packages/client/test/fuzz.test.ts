import { canary, writeReport } from '@inbox-hub/contract-testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InboxHub, ValidationError } from '../src/index.js';
import { ok, rawSession, scriptedFetch } from './helpers/fake-fetch.js';

/**
 * Property-based tests of the client's input checks: 10 000 generated inputs per field, each of which
 * must either be sent as is (when valid) or be refused with a ValidationError naming the field, with no
 * request sent and no other kind of failure. The oracles are written independently of the client's
 * regular expressions, straight from the spec's rules.
 */

const RUNS = 10_000;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const isValidSessionId = (s: string) =>
  s.length >= 1 && s.length <= 100 && [...s].every((c) => ALNUM.includes(c) || c === '_' || c === '-');
const isValidPhone = (s: string) =>
  s.length >= 8 && s.length <= 15 && s[0] !== '0' && [...s].every((c) => c >= '0' && c <= '9');

const tricks = [
  '../',
  '..%2F..%2Fetc',
  'a%2Fb',
  'a/b',
  'with space',
  ' leading',
  'trailing ',
  'cliente_ñ',
  'клиент',
  '客户_001',
  'emoji_😀',
  'a'.repeat(101),
  'a'.repeat(100),
  '',
  '.',
  '..',
  'a\u0000b',
  'a\nb',
  '%00',
  '?x=1',
  '#frag',
];

const sessionIdArb = fc.oneof(
  fc.constantFrom(...tricks),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', '_', '-', '.', '/', '%', ' ', '2', 'F'), maxLength: 12 }),
);

const phoneArb = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{7,14}$/),
  fc.stringMatching(/^\+[0-9]{8,15}$/),
  fc.stringMatching(/^[0-9]{2,4}( [0-9]{2,4}){1,4}$/),
  fc.stringMatching(/^[0-9a-zA-Z]{6,16}$/),
  fc.string({ unit: fc.constantFrom('0', '3', '4', '+', ' ', '-', '(', ')', 'x'), maxLength: 18 }),
  fc.string({ maxLength: 20 }),
);

function hub() {
  const fetch = scriptedFetch((req) =>
    req.path === '/api/sessions' ? ok(rawSession(), 201) : ok({ sessionId: 'x', status: 'pending' }),
  );
  return { fetch, hub: new InboxHub({ baseUrl: 'http://inbox-hub.test', apiKey: canary.apiKey, fetch }) };
}

async function expectRefused(run: () => Promise<unknown>, field: string, sent: () => number): Promise<void> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toBe(field);
  expect((error as ValidationError).message).toContain(field);
  expect(sent()).toBe(0);
}

/** Cases tried per field, for the reliability report. */
const tried: Record<string, { cases: number; invalid: number }> = {};
function count(field: string, valid: boolean): void {
  tried[field] ??= { cases: 0, invalid: 0 };
  tried[field].cases++;
  if (!valid) tried[field].invalid++;
}
afterAll(() => writeReport('fuzz-client', { surface: 'client', fields: tried }));

describe('property: bad input is refused before any request, naming the field', () => {
  it(`sessionId (${RUNS} cases, path tricks included)`, async () => {
    await fc.assert(
      fc.asyncProperty(sessionIdArb, async (sessionId) => {
        const { fetch, hub: client } = hub();
        count('sessionId', isValidSessionId(sessionId));
        if (isValidSessionId(sessionId)) {
          await client.sessions.connect(sessionId);
          expect(fetch.calls).toHaveLength(1);
          // The id stays one path segment: nothing is re-encoded or escapes it.
          expect(fetch.calls[0]?.path).toBe(`/api/sessions/${sessionId}/connect`);
        } else {
          await expectRefused(
            () => client.sessions.connect(sessionId),
            'sessionId',
            () => fetch.calls.length,
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`phoneNumber (${RUNS} cases, with +, spaces, letters)`, async () => {
    await fc.assert(
      fc.asyncProperty(phoneArb, async (phoneNumber) => {
        const { fetch, hub: client } = hub();
        const run = () => client.sessions.create({ sessionId: 'cliente_001', phoneNumber });
        count('phoneNumber', isValidPhone(phoneNumber));
        if (isValidPhone(phoneNumber)) {
          await run();
          expect(JSON.parse(fetch.calls[0]?.body ?? '{}').phoneNumber).toBe(phoneNumber);
        } else {
          await expectRefused(run, 'phoneNumber', () => fetch.calls.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`name (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 130 }), fc.string({ unit: 'grapheme', maxLength: 120 })),
        async (name) => {
          const { fetch, hub: client } = hub();
          const run = () => client.sessions.create({ sessionId: 'cliente_001', name });
          count('name', name.trim().length > 0 && name.length <= 100);
          if (name.trim().length > 0 && name.length <= 100) {
            await run();
            expect(JSON.parse(fetch.calls[0]?.body ?? '{}').name).toBe(name);
          } else {
            await expectRefused(run, 'name', () => fetch.calls.length);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 520 }), fc.string({ minLength: 495, maxLength: 510 })),
        async (description) => {
          const { fetch, hub: client } = hub();
          const run = () => client.sessions.create({ sessionId: 'cliente_001', description });
          count('description', description.length <= 500);
          if (description.length <= 500) {
            await run();
            expect(JSON.parse(fetch.calls[0]?.body ?? '{}').description).toBe(description);
          } else {
            await expectRefused(run, 'description', () => fetch.calls.length);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
