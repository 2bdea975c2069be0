/**
 * The zod schemas the tools share, constrained exactly as `spec/openapi.yaml` constrains the fields, and
 * the functions that turn client objects into the plain JSON the output schemas describe.
 */
import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PHONE_NUMBER_PATTERN,
  type QrCode,
  SESSION_ID_PATTERN,
  type Session,
  type SessionStatus,
  type SessionStatusInfo,
} from '@inbox-hub/client';
import { z } from 'zod';

// ---- inputs ----

/** A `sessionId` argument. */
export const sessionIdArg = z
  .string()
  .min(1, 'sessionId is required, for example "cliente_001".')
  .max(100, 'sessionId may have at most 100 characters.')
  .regex(
    SESSION_ID_PATTERN,
    'sessionId may contain only letters, digits, "_" and "-" (no spaces, "/" or "."), for example "cliente_001".',
  )
  .describe('The session id chosen at creation, e.g. "cliente_001": 1-100 letters, digits, "_" or "-".');

/** A phone number as a string (prompt arguments are always strings). */
export const phoneNumberString = z
  .string()
  .regex(
    PHONE_NUMBER_PATTERN,
    'phoneNumber must be 8-15 digits with the country code first and no "+", spaces or dashes, e.g. "34612345678".',
  );

/**
 * A phone number argument, digits only with the country code. Models and CLIs (the MCP Inspector among
 * them) often send an all-digit number as a JSON number, so one is accepted and read as its digits; the
 * published schema still says string.
 */
export const phoneNumberArg = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value),
  phoneNumberString,
);

/** A session name argument. */
export const nameArg = z
  .string()
  .min(1, 'name must not be empty.')
  .max(NAME_MAX_LENGTH, `name may have at most ${NAME_MAX_LENGTH} characters.`)
  .refine((value) => value.trim().length > 0, 'name must not be blank.')
  .describe('A descriptive name shown in Inbox Hub, e.g. "WhatsApp Empresa ABC". Optional.');

/** A session description argument. */
export const descriptionArg = z
  .string()
  .max(DESCRIPTION_MAX_LENGTH, `description may have at most ${DESCRIPTION_MAX_LENGTH} characters.`)
  .describe('A longer description of the session (at most 500 characters). Optional.');

/** The arguments that create a session (`create_session`, `setup_session`). */
export const createArgs = {
  sessionId: sessionIdArg,
  phoneNumber: phoneNumberArg
    .optional()
    .describe(
      'The phone number expected to connect, digits with country code and no "+", e.g. "34612345678". Optional, but give it when known: a different phone connecting is then flagged.',
    ),
  name: nameArg.optional(),
  description: descriptionArg.optional(),
};

/** An optional expected phone number, for the tools that report who connected. */
export const expectedPhoneArg = phoneNumberArg
  .optional()
  .describe(
    'The phone number that should be connected, e.g. "34612345678". Optional: defaults to the one given when this server created the session. A different connected number is flagged in phoneCheck.',
  );

// ---- outputs ----

/** A session status. */
export const statusSchema = z
  .enum(['pending', 'connected', 'disconnected', 'error', 'unknown'])
  .describe(
    'pending: waiting for the QR to be scanned; connected: linked and working; disconnected: logged out, reconnect with connect_session; error: failed, reconnect with connect_session; unknown: a status this server does not know yet (rawStatus has the exact value).',
  );

const ISO_DATE = 'An ISO 8601 date-time in UTC.';
const isoDate = z.string().describe(ISO_DATE);

/**
 * A field that may be `null`, published as `anyOf: [{ type: T }, { type: "null" }]`. The JSON Schema
 * converter writes a bare nullable primitive as `type: [T, "null"]`, which means the same but which
 * clients that map tool schemas onto a single-`type` dialect (Gemini's OpenAPI subset, for one) reject
 * or flatten, and which the MCP Inspector flags. It writes `anyOf` for anything that is not a bare
 * primitive, so the primitive goes behind a `z.lazy`, which changes nothing else. Pass `schema` without
 * a description and describe the result, so the description sits on the field and not inside a branch.
 */
export function nullable<T extends z.ZodTypeAny>(schema: T): z.ZodNullable<z.ZodLazy<T>> {
  return z.lazy(() => schema).nullable();
}

/** The status exactly as Inbox Hub sent it. */
const rawStatusSchema = nullable(z.string()).describe(
  'The status exactly as Inbox Hub sent it; differs from status when that is unknown.',
);

/** A session as the tools report it. The QR itself is never included: get_qr_code returns it as an image. */
export const sessionSchema = z.object({
  id: z.number().int().describe('The numeric database id.'),
  sessionId: z.string(),
  name: z.string(),
  description: nullable(z.string()).describe('The description given at creation, if any.'),
  phoneNumber: nullable(z.string()).describe('The expected or connected phone number.'),
  status: statusSchema,
  rawStatus: rawStatusSchema,
  hasQr: z.boolean().describe('True when a QR is waiting to be scanned; fetch it with get_qr_code.'),
  lastActivity: nullable(z.string()).describe(ISO_DATE),
  createdAt: nullable(z.string()).describe(ISO_DATE),
  updatedAt: nullable(z.string()).describe(ISO_DATE),
});

/** A session's connection status. */
export const statusInfoSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  status: statusSchema,
  rawStatus: rawStatusSchema,
  phoneNumber: nullable(z.string()).describe('The connected number when connected, else the expected one.'),
  isConnected: z.boolean(),
  hasQr: z.boolean(),
  lastActivity: nullable(z.string()).describe(ISO_DATE),
});

/** A QR's metadata; the PNG travels as an image content block, never in structured content. */
export const qrSchema = z.object({
  sessionId: z.string(),
  status: statusSchema,
  expiresAt: isoDate.describe('When the QR stops working.'),
  expiresInSeconds: z
    .number()
    .int()
    .min(0)
    .describe(
      'Seconds left when this result was made; at 0 call get_qr_code (or wait_for_connection) again.',
    ),
});

/** Whether the connected phone is the expected one. */
export const phoneCheckSchema = z.object({
  expected: nullable(z.string()).describe('The phone number that should connect, when known.'),
  actual: nullable(z.string()).describe('The phone number the session reports.'),
  matches: nullable(z.boolean()).describe(
    'false when a different phone connected; null when there is nothing to compare yet.',
  ),
});

/** The sentence every result ends with: what the model should do next. */
export const nextStepSchema = z.string().describe('What to do next.');

// ---- presenters ----

/** A session as plain JSON. */
export function presentSession(session: Session): z.input<typeof sessionSchema> {
  return {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    description: session.description,
    phoneNumber: session.phoneNumber,
    status: session.status,
    rawStatus: session.rawStatus,
    hasQr: session.qrBase64 !== null,
    lastActivity: iso(session.lastActivity),
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  };
}

/** A status as plain JSON. */
export function presentStatus(info: SessionStatusInfo): z.input<typeof statusInfoSchema> {
  return {
    id: info.id,
    sessionId: info.sessionId,
    status: info.status,
    rawStatus: info.rawStatus,
    phoneNumber: info.phoneNumber,
    isConnected: info.isConnected,
    hasQr: info.hasQR,
    lastActivity: iso(info.lastActivity),
  };
}

/** A QR's metadata as plain JSON, with the seconds left at `now`. */
export function presentQr(qr: QrCode, sessionId: string, now: number): z.input<typeof qrSchema> {
  return {
    sessionId: qr.sessionId ?? sessionId,
    status: qr.status,
    expiresAt: qr.expiresAt.toISOString(),
    expiresInSeconds: Math.floor(qr.expiresInMs(now) / 1000),
  };
}

/** The image content of a QR. */
export function qrImage(qr: QrCode): { data: string; mimeType: 'image/png' } {
  return { data: qr.base64, mimeType: 'image/png' };
}

/** Compares the connected number with the expected one. */
export function phoneCheck(
  expected: string | undefined,
  info: Pick<SessionStatusInfo, 'status' | 'phoneNumber'>,
): z.input<typeof phoneCheckSchema> {
  const actual = info.phoneNumber;
  const matches =
    expected === undefined || info.status !== 'connected' || actual === null ? null : actual === expected;
  return { expected: expected ?? null, actual, matches };
}

/** The usual next step for a session in `status`. */
export function nextStepFor(status: SessionStatus, sessionId: string): string {
  switch (status) {
    case 'pending':
      return `Session "${sessionId}" is waiting for a scan: show its QR (get_qr_code) to the user, who scans it in WhatsApp > Linked devices > Link a device, then call wait_for_connection.`;
    case 'connected':
      return `Session "${sessionId}" is connected; nothing else is needed.`;
    case 'disconnected':
      return `Session "${sessionId}" is disconnected: call connect_session to reconnect it, then get_qr_code to show the new QR.`;
    case 'error':
      return `Session "${sessionId}" is in error (for example every QR expired unscanned): call connect_session to retry, then get_qr_code.`;
    case 'unknown':
      return `Session "${sessionId}" is in a status this server does not know (see rawStatus): tell the user the exact value; call get_session_status again in a few seconds to see whether it settles.`;
  }
}

/** The warning appended to a next step when a different phone connected. */
export function mismatchWarning(check: z.input<typeof phoneCheckSchema>): string | undefined {
  if (check.matches !== false) return undefined;
  return `WARNING: the phone that connected (${check.actual}) is not the expected one (${check.expected}). Tell the user; if it is the wrong phone, call disconnect_session and have the right phone scan a new QR.`;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
