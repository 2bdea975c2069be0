/**
 * The API's input rules, checked before any request: public so every surface (the MCP tools' schemas, the
 * n8n parameters, the CLI arguments, the dashboard's form) refuses the same inputs with the same sentence.
 * Each validator returns the value or throws a {@link ValidationError} naming the field and the fix.
 * @module
 */
import { ValidationError } from './errors.js';

/** What a `sessionId` may be: the spec's pattern (the guide's CRM stores it in a VARCHAR(100)). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
/** International phone number, digits only, country code first, no `+`: the spec's pattern. */
export const PHONE_NUMBER_PATTERN = /^[1-9][0-9]{7,14}$/;
/** Longest `name` the API accepts. */
export const NAME_MAX_LENGTH = 100;
/** Longest `description` the API accepts. */
export const DESCRIPTION_MAX_LENGTH = 500;

function invalid(field: string, problem: string): ValidationError {
  return new ValidationError(field, problem);
}

/** Quotes a user value for an error message, shortened so a huge input cannot flood a log. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Checks a `sessionId` and returns it. Throws {@link ValidationError} naming the field and the fix, so
 * nothing is sent for an id the API would refuse (or that could escape its path segment).
 */
export function validateSessionId(value: unknown, field = 'sessionId'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(field, 'it is required: pass a string such as "cliente_001".');
  }
  if (value.length > 100) {
    throw invalid(field, `it has ${value.length} characters; use at most 100.`);
  }
  if (!SESSION_ID_PATTERN.test(value)) {
    throw invalid(
      field,
      `${show(value)} may contain only letters, digits, "_" and "-" (no spaces, "/", "." or "%"); for example "cliente_001".`,
    );
  }
  return value;
}

/**
 * Checks a phone number and returns it. The API wants digits only with the country code and no `+`
 * (`34612345678`); the error says so, rather than silently rewriting what the caller typed.
 */
export function validatePhoneNumber(value: unknown, field = 'phoneNumber'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(field, 'pass digits with the country code, for example "34612345678".');
  }
  if (!PHONE_NUMBER_PATTERN.test(value)) {
    throw invalid(
      field,
      `${show(value)} is not valid: use 8 to 15 digits with the country code first and no "+", spaces or dashes, for example "34612345678".`,
    );
  }
  return value;
}

/** Checks a session name (1 to 100 characters, not blank) and returns it. */
export function validateName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw invalid(field, 'pass a non-empty string, for example "WhatsApp Empresa ABC".');
  }
  if (value.length > NAME_MAX_LENGTH) {
    throw invalid(field, `it has ${value.length} characters; use at most ${NAME_MAX_LENGTH}.`);
  }
  return value;
}

/** Checks a session description (at most 500 characters) and returns it. */
export function validateDescription(value: unknown, field = 'description'): string {
  if (typeof value !== 'string') {
    throw invalid(field, 'pass a string.');
  }
  if (value.length > DESCRIPTION_MAX_LENGTH) {
    throw invalid(field, `it has ${value.length} characters; use at most ${DESCRIPTION_MAX_LENGTH}.`);
  }
  return value;
}

/** Checks a numeric database id (`dbId`) and returns it. */
export function validateDbId(value: unknown, field = 'id'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(field, `${show(value)} is not a session database id: pass a positive integer such as 2.`);
  }
  return value;
}

/** Input of a session create. */
export interface CreateSessionInput {
  sessionId: string;
  phoneNumber?: string | null | undefined;
  name?: string | undefined;
  description?: string | undefined;
}

/** Validates a whole create input and returns the body to send, with nothing undefined in it. */
export function validateCreateInput(input: CreateSessionInput): {
  sessionId: string;
  phoneNumber?: string | null;
  name?: string;
  description?: string;
} {
  if (typeof input !== 'object' || input === null) {
    throw invalid('input', 'pass an object such as { sessionId: "cliente_001" }.');
  }
  const body: { sessionId: string; phoneNumber?: string | null; name?: string; description?: string } = {
    sessionId: validateSessionId(input.sessionId),
  };
  if (input.phoneNumber !== undefined && input.phoneNumber !== null) {
    body.phoneNumber = validatePhoneNumber(input.phoneNumber);
  }
  if (input.name !== undefined) body.name = validateName(input.name);
  if (input.description !== undefined) body.description = validateDescription(input.description);
  return body;
}
