/**
 * Parameter checks before any request. The rules are the client's (`@inbox-hub/client`, bundled into
 * dist), so the node and the client refuse exactly the same inputs; `toNodeError` turns the client's
 * ValidationError into n8n's NodeOperationError, naming the field as the user sees it.
 */
import {
  validateCreateInput,
  validateDescription,
  validateName,
  validatePhoneNumber,
  validateSessionId,
} from '@inbox-hub/client';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { toNodeError } from './errors';

/** Runs a client validator and converts its error into a NodeOperationError for this item. */
export function checked<T>(ctx: IExecuteFunctions, itemIndex: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, itemIndex);
  }
}

/** Reads and checks the Session ID parameter. */
export function sessionIdParam(ctx: IExecuteFunctions, itemIndex: number, name = 'sessionId'): string {
  const raw = ctx.getNodeParameter(name, itemIndex, '') as string;
  const value = typeof raw === 'string' ? raw.trim() : raw;
  return checked(ctx, itemIndex, () => validateSessionId(value));
}

/** Reads and checks the numeric database id parameter of Get Status. */
export function dbIdParam(ctx: IExecuteFunctions, itemIndex: number): number {
  const raw = ctx.getNodeParameter('id', itemIndex, 0) as number | string;
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new NodeOperationError(
      ctx.getNode(),
      `Invalid "Session Database ID" parameter: ${JSON.stringify(raw)} is not a positive integer.`,
      {
        itemIndex,
        description:
          'Pass the numeric "id" of a session (as Create or Get Many return it), such as 2, or choose "Session ID" under "Find Session By".',
      },
    );
  }
  return value;
}

/** Fields of a Create (and Setup) request, from the node's parameters, checked. */
export function createBodyParam(ctx: IExecuteFunctions, itemIndex: number) {
  const sessionId = sessionIdParam(ctx, itemIndex);
  const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as {
    phoneNumber?: string;
    name?: string;
    description?: string;
  };
  const input: { sessionId: string; phoneNumber?: string; name?: string; description?: string } = {
    sessionId,
  };
  const phone = extra.phoneNumber?.trim();
  if (phone) input.phoneNumber = checked(ctx, itemIndex, () => validatePhoneNumber(phone));
  if (extra.name !== undefined && extra.name !== '')
    input.name = checked(ctx, itemIndex, () => validateName(extra.name));
  if (extra.description !== undefined && extra.description !== '') {
    input.description = checked(ctx, itemIndex, () => validateDescription(extra.description));
  }
  return checked(ctx, itemIndex, () => validateCreateInput(input));
}
