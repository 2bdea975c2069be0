/**
 * Property-based tests of the node's parameters: 10 000 generated values per field through the Create
 * operation. Valid input is sent as typed (after the trim n8n users expect); anything else stops with a
 * NodeOperationError naming the parameter, before any request. Oracles follow the spec's rules.
 */
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
import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';
import { afterAll, describe, expect, it } from 'vitest';
import { InboxHub } from '../nodes/InboxHub/InboxHub.node.js';
import { executeContext, fakeHttp } from './fake-context.mjs';

const RUNS = 10_000;
const tried = new CaseCounter();
const count = (field: string, valid: boolean) => tried.count(field, valid);
afterAll(() => writeReport('fuzz-n8n', { surface: 'n8n node', fields: tried.fields }));

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

describe('property: node parameters', () => {
  it(`Session ID (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(sessionIdArb, async (raw) => {
        const valid = validSessionId(raw.trim());
        await count('sessionId', valid);
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
        await count('phoneNumber', valid);
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
      fc.asyncProperty(nameArb, async (name) => {
        const valid = name === '' || (name.trim().length > 0 && name.length <= 100);
        await count('name', valid);
        await run({ sessionId: 'cliente_001', additionalFields: { name } }, valid, 'Name');
      }),
      { numRuns: RUNS },
    );
  });

  it(`Description (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(descriptionArb, async (description) => {
        const valid = description.length <= 500;
        await count('description', valid);
        await run({ sessionId: 'cliente_001', additionalFields: { description } }, valid, 'Description');
      }),
      { numRuns: RUNS },
    );
  });
});
