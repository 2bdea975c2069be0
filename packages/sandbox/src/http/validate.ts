import type { Context } from 'hono';
import { type FieldError, validationFailed } from '../domain/errors.js';
import type { CreateSessionInput } from '../domain/session-service.js';

const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;
const PHONE = /^[1-9][0-9]{7,14}$/;
const SESSION_ID_RULE = 'may contain only letters, digits, _ and - (1 to 100 characters)';
const PHONE_RULE = 'must be 8 to 15 digits with the country code first and no "+", spaces or dashes';

/** Reads a JSON object body; 422 when it is missing, malformed or not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw validationFailed([{ field: 'body', message: 'must be a JSON object' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed([{ field: 'body', message: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((field) => ({ field, message: 'is not a known field' }));
}

function checkString(
  errors: FieldError[],
  body: Record<string, unknown>,
  field: string,
  rule: { min: number; max: number; required: boolean },
): void {
  const value = body[field];
  if (value === undefined) {
    if (rule.required) errors.push({ field, message: 'is required' });
    return;
  }
  if (typeof value !== 'string') errors.push({ field, message: 'must be a string' });
  else if (value.length < rule.min || value.length > rule.max) {
    errors.push({ field, message: `must be ${rule.min} to ${rule.max} characters` });
  }
}

/** Validates a `POST /api/sessions` body against the spec's `CreateSessionRequest`. */
export function parseCreateSession(body: Record<string, unknown>): CreateSessionInput {
  const errors = unknownFields(body, ['sessionId', 'phoneNumber', 'name', 'description']);
  const { sessionId, phoneNumber } = body;
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
    errors.push({ field: 'sessionId', message: sessionId === undefined ? 'is required' : SESSION_ID_RULE });
  }
  if (
    phoneNumber !== undefined &&
    phoneNumber !== null &&
    (typeof phoneNumber !== 'string' || !PHONE.test(phoneNumber))
  ) {
    errors.push({ field: 'phoneNumber', message: PHONE_RULE });
  }
  checkString(errors, body, 'name', { min: 1, max: 100, required: false });
  if (typeof body.name === 'string' && body.name.trim() === '' && body.name.length > 0) {
    errors.push({ field: 'name', message: 'must not be blank' });
  }
  checkString(errors, body, 'description', { min: 0, max: 500, required: false });
  if (errors.length > 0) throw validationFailed(errors);
  return body as unknown as CreateSessionInput;
}

/** Validates a `POST /api/auth/login` body against the spec's `LoginRequest`. */
export function parseLogin(body: Record<string, unknown>): { identifier: string; password: string } {
  const errors = unknownFields(body, ['identifier', 'password']);
  checkString(errors, body, 'identifier', { min: 1, max: 254, required: true });
  checkString(errors, body, 'password', { min: 1, max: 256, required: true });
  if (errors.length > 0) throw validationFailed(errors);
  return body as { identifier: string; password: string };
}

/** Validates the `{sessionId}` path parameter. */
export function parseSessionIdParam(value: string | undefined): string {
  if (value === undefined || !SESSION_ID.test(value)) {
    throw validationFailed([{ field: 'sessionId', message: SESSION_ID_RULE }]);
  }
  return value;
}

/** Validates the numeric `{id}` path parameter of the status route. */
export function parseDbIdParam(value: string | undefined): number {
  const id = value !== undefined && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    throw validationFailed([
      { field: 'id', message: 'must be the numeric database id (a positive integer), such as 2' },
    ]);
  }
  return id;
}
