import {
  CaseCounter,
  canary,
  descriptionArb,
  isValidPhone,
  isValidSessionId,
  nameArb,
  phoneArb,
  sessionIdArb,
  writeReport,
} from '@inbox-hub/contract-testing';
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

const tried = new CaseCounter();
const count = (field: string, valid: boolean) => tried.count(field, valid);
afterAll(() => writeReport('fuzz-client', { surface: 'client', fields: tried.fields }));

describe('property: bad input is refused before any request, naming the field', () => {
  it(`sessionId (${RUNS} cases, path tricks included)`, async () => {
    await fc.assert(
      fc.asyncProperty(sessionIdArb, async (sessionId) => {
        const { fetch, hub: client } = hub();
        await count('sessionId', isValidSessionId(sessionId));
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
        await count('phoneNumber', isValidPhone(phoneNumber));
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
      fc.asyncProperty(nameArb, async (name) => {
        const { fetch, hub: client } = hub();
        const run = () => client.sessions.create({ sessionId: 'cliente_001', name });
        await count('name', name.trim().length > 0 && name.length <= 100);
        if (name.trim().length > 0 && name.length <= 100) {
          await run();
          expect(JSON.parse(fetch.calls[0]?.body ?? '{}').name).toBe(name);
        } else {
          await expectRefused(run, 'name', () => fetch.calls.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(descriptionArb, async (description) => {
        const { fetch, hub: client } = hub();
        const run = () => client.sessions.create({ sessionId: 'cliente_001', description });
        await count('description', description.length <= 500);
        if (description.length <= 500) {
          await run();
          expect(JSON.parse(fetch.calls[0]?.body ?? '{}').description).toBe(description);
        } else {
          await expectRefused(run, 'description', () => fetch.calls.length);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
