/**
 * Reads the node's parameters. The checks are the client's (`@inbox-hub/client`, bundled into dist): every
 * client method validates its input before any request, so the node and the client refuse exactly the
 * same inputs, and the router's `toNodeError` names the field by its label here ("Session ID").
 */
import type { CreateSessionInput } from '@inbox-hub/client';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reads the Session ID parameter (trimmed; the client checks it). */
export function sessionIdParam(ctx: IExecuteFunctions, itemIndex: number, name = 'sessionId'): string {
  const raw = ctx.getNodeParameter(name, itemIndex, '') as string;
  return typeof raw === 'string' ? raw.trim() : raw;
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

/** Fields of a Create (and Setup) request, from the node's parameters; empty optional fields are left out. */
export function createBodyParam(ctx: IExecuteFunctions, itemIndex: number): CreateSessionInput {
  const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as {
    phoneNumber?: string;
    name?: string;
    description?: string;
  };
  const input: CreateSessionInput = { sessionId: sessionIdParam(ctx, itemIndex) };
  const phone = extra.phoneNumber?.trim();
  if (phone) input.phoneNumber = phone;
  if (extra.name !== undefined && extra.name !== '') input.name = extra.name;
  if (extra.description !== undefined && extra.description !== '') input.description = extra.description;
  return input;
}
