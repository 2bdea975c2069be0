import { randomBytes } from 'node:crypto';
import type { Signer } from './signer.js';

/** How long an operator stays logged in. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

/** A logged-in operator, as the session cookie carries it. */
export interface OperatorSession {
  user: string;
  /** Epoch ms after which the cookie is refused. */
  expiresAt: number;
  /** Random per login; the CSRF token is derived from it, so it changes with every login. */
  nonce: string;
}

const SESSION_PURPOSE = 'operator-session';
const CSRF_PURPOSE = 'csrf';
const LOGIN_CSRF_PURPOSE = 'login-csrf';

/**
 * Issues and checks the operator's session cookie and the CSRF tokens tied to it. The cookie is signed,
 * not encrypted: it holds only the user name, an expiry and a nonce, nothing secret.
 */
export class OperatorSessions {
  readonly #signer: Signer;
  readonly #now: () => number;
  /** Nonces of signed-out sessions, until their cookies expire anyway. */
  readonly #revoked = new Map<string, number>();
  /** What to stop when a session signs out: its open event streams. */
  readonly #onRevoke = new Map<string, Set<() => void>>();

  constructor(signer: Signer, now: () => number = Date.now) {
    this.#signer = signer;
    this.#now = now;
  }

  /** A fresh session for `user`, as a cookie value. */
  issue(user: string): { cookie: string; session: OperatorSession } {
    const session = {
      user,
      expiresAt: this.#now() + SESSION_TTL_MS,
      nonce: randomBytes(16).toString('base64url'),
    };
    return {
      cookie: this.#signer.sign(SESSION_PURPOSE, { u: user, e: session.expiresAt, n: session.nonce }),
      session,
    };
  }

  /** The session in a cookie value, or `undefined` when it is missing, forged or expired. */
  read(cookie: string | undefined): OperatorSession | undefined {
    const payload = this.#signer.verify(SESSION_PURPOSE, cookie);
    if (!payload) return undefined;
    const { u, e, n } = payload;
    if (typeof u !== 'string' || typeof e !== 'number' || typeof n !== 'string') return undefined;
    if (this.#now() >= e || this.#revoked.has(n)) return undefined;
    return { user: u, expiresAt: e, nonce: n };
  }

  /**
   * Ends a session: its cookie stops working here even if someone kept a copy. Memory only, so a restart
   * forgets it; the cookie's own 12 h expiry still applies.
   */
  revoke(session: OperatorSession): void {
    const now = this.#now();
    for (const [nonce, expiresAt] of this.#revoked) if (expiresAt <= now) this.#revoked.delete(nonce);
    this.#revoked.set(session.nonce, session.expiresAt);
    for (const stop of this.#onRevoke.get(session.nonce) ?? []) stop();
    this.#onRevoke.delete(session.nonce);
  }

  /**
   * Calls `stop` when `session` signs out (an open event stream ends then, instead of sending session data
   * and live QR codes to a signed-out browser). Returns a function that forgets `stop`.
   */
  onRevoke(session: OperatorSession, stop: () => void): () => void {
    let stops = this.#onRevoke.get(session.nonce);
    if (!stops) {
      stops = new Set();
      this.#onRevoke.set(session.nonce, stops);
    }
    stops.add(stop);
    return () => {
      stops.delete(stop);
      if (stops.size === 0) this.#onRevoke.delete(session.nonce);
    };
  }

  /** False once the session has signed out or expired. */
  active(session: OperatorSession): boolean {
    return this.#now() < session.expiresAt && !this.#revoked.has(session.nonce);
  }

  /** The CSRF token every change made in this session must carry. */
  csrfToken(session: OperatorSession): string {
    return this.#signer.mac(CSRF_PURPOSE, session.nonce);
  }

  /** True when `token` is this session's CSRF token. */
  checkCsrf(session: OperatorSession, token: string | undefined): boolean {
    return typeof token === 'string' && this.#signer.equal(token, this.csrfToken(session));
  }

  /** A random value for the pre-login cookie, so the login form itself is CSRF-protected. */
  newLoginNonce(): string {
    return randomBytes(16).toString('base64url');
  }

  /** The login form's CSRF token for a pre-login nonce. */
  loginCsrfToken(nonce: string): string {
    return this.#signer.mac(LOGIN_CSRF_PURPOSE, nonce);
  }

  /** True when `token` matches the pre-login nonce. */
  checkLoginCsrf(nonce: string | undefined, token: string | undefined): boolean {
    return (
      typeof nonce === 'string' &&
      nonce.length > 0 &&
      typeof token === 'string' &&
      this.#signer.equal(token, this.loginCsrfToken(nonce))
    );
  }
}
