/**
 * Defence in depth against leaking credentials: the client already keeps secrets out of its errors, and
 * this scrubs every string the server sends or logs once more, so a future change that forgets cannot leak.
 */

// A JWT is three base64url parts; the first starts with `eyJ` (`{"`). Catching any JWT also catches the
// session token the client obtained by logging in, which the server never sees directly.
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const REDACTED = '[redacted]';

/** Replaces secrets in text and in any JSON-like value. */
export interface Redactor {
  text(value: string): string;
  deep<T>(value: T): T;
}

/** Builds a redactor for the given secrets (empty and very short values are ignored). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  // Longest first, so a secret containing another is replaced whole.
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  const text = (value: string): string => {
    let out = value;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    return out.replace(JWT, REDACTED);
  };
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map(deep) as T;
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    }
    return value;
  };
  return { text, deep };
}
