import { createHash, randomBytes } from 'node:crypto';

/** A request id for the `X-Request-Id` header. */
export function requestId(): string {
  return `req_${randomBytes(8).toString('hex')}`;
}

/** A fresh sandbox API key. The `ihk_sandbox_` prefix makes it obvious in a log that it is not a real key. */
export function generateApiKey(): string {
  return `ihk_sandbox_${randomBytes(12).toString('hex')}`;
}

/** A fresh password for a generated sandbox account. */
export function generatePassword(): string {
  return `sandbox-${randomBytes(6).toString('hex')}`;
}

/** A random secret for signing JWTs. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The tenant id of an API key. Derived (not random) so that the same key maps to the same tenant after a
 * restart on the same `--data` file, without storing which key was configured.
 */
export function tenantIdForKey(apiKey: string): string {
  return `t_${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

/** The payload a QR code encodes: opaque, random and single-use, like WhatsApp's pairing reference. */
export function qrPayload(): string {
  return `ihsbx:${randomBytes(18).toString('base64url')}`;
}
