import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs small JSON payloads as `base64url(json).base64url(hmac)`. Every token names its purpose, and the
 * purpose is part of the MAC, so a session cookie can never be replayed as a connect link or vice versa.
 */
export class Signer {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The MAC of `data` for `purpose`, base64url. */
  mac(purpose: string, data: string): string {
    return createHmac('sha256', this.#secret).update(`${purpose}\n${data}`).digest('base64url');
  }

  /** Signs `payload` for `purpose`. */
  sign(purpose: string, payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(purpose, body)}`;
  }

  /** The payload when `token` was signed here for `purpose`, else `undefined` (tampered, truncated, foreign). */
  verify(purpose: string, token: string | undefined): Record<string, unknown> | undefined {
    if (typeof token !== 'string' || token.length > 4096) return undefined;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    if (!this.equal(mac, this.mac(purpose, body))) return undefined;
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Constant-time comparison, so a MAC cannot be guessed byte by byte from response times. */
  equal(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }
}
