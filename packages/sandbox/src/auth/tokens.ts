import { errors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import { SandboxError } from '../domain/errors.js';
import type { Tenant } from '../domain/model.js';

/** 24 hours, as the guide says. */
export const TOKEN_LIFETIME_SECONDS = 86_400;
const ISSUER = 'inbox-hub-sandbox';

/**
 * Issues and checks the bearer JWTs of `POST /api/auth/login`: real HS256 tokens, so a client's handling
 * of `exp` is exercised for real. Times come from the sandbox clock, so a test can expire a token by
 * moving the clock 24 hours.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Signs a token for a tenant's account. */
  async issue(tenant: Tenant): Promise<{ accessToken: string; expiresIn: number }> {
    const iat = Math.floor(this.clock.now() / 1000);
    const accessToken = await new SignJWT({ email: tenant.email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(tenant.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
      .sign(this.key);
    return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** Returns the tenant id a token was issued for; throws 401 `TOKEN_EXPIRED` or `INVALID_TOKEN`. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: new Date(this.clock.now()),
      });
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      return payload.sub;
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new SandboxError(
          401,
          'TOKEN_EXPIRED',
          'Authentication failed. The access token has expired; log in again.',
        );
      }
      throw new SandboxError(
        401,
        'INVALID_TOKEN',
        'Authentication failed. The access token is invalid; log in again.',
      );
    }
  }
}
