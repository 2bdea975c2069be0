import { randomBytes } from 'node:crypto';
import type { DashboardStore } from '../store/store.js';
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

/** How often a replica asks the store whether a sign-in with an open event stream signed out elsewhere. */
export const REVOCATION_CHECK_MS = 2_000;

/**
 * Issues and checks the operator's session cookie and the CSRF tokens tied to it. The cookie is signed,
 * not encrypted: it holds only the user name, an expiry and a nonce, nothing secret. Sign-outs are kept in
 * the dashboard's store, so a cookie signed out on one replica (or before a restart) is refused by all.
 */
export class OperatorSessions {
  readonly #signer: Signer;
  readonly #store: DashboardStore;
  readonly #now: () => number;
  /** Sign-outs this replica knows of, until their cookies expire anyway (saves a query per request). */
  readonly #revoked = new Map<string, number>();
  /** What to stop when a session signs out: its open event streams. */
  readonly #onRevoke = new Map<string, Set<() => void>>();
  #checker: NodeJS.Timeout | undefined;

  constructor(signer: Signer, store: DashboardStore, now: () => number = Date.now) {
    this.#signer = signer;
    this.#store = store;
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

  /** The session in a cookie value, or `undefined` when it is missing, forged, expired or signed out. */
  async read(cookie: string | undefined): Promise<OperatorSession | undefined> {
    const payload = this.#signer.verify(SESSION_PURPOSE, cookie);
    if (!payload) return undefined;
    const { u, e, n } = payload;
    if (typeof u !== 'string' || typeof e !== 'number' || typeof n !== 'string') return undefined;
    const session = { user: u, expiresAt: e, nonce: n };
    return (await this.active(session)) ? session : undefined;
  }

  /**
   * Ends a session: its cookie stops working on every replica even if someone kept a copy, and its open
   * event streams end (on other replicas within {@link REVOCATION_CHECK_MS}).
   */
  async revoke(session: OperatorSession): Promise<void> {
    this.#remember(session.nonce, session.expiresAt);
    await this.#store.revokeSignIn(session.nonce, session.expiresAt, this.#now());
  }

  /**
   * Calls `stop` when `session` signs out, here or on another replica (an open event stream ends then,
   * instead of sending session data and live QR codes to a signed-out browser). Returns a function that
   * forgets `stop`.
   */
  onRevoke(session: OperatorSession, stop: () => void): () => void {
    let stops = this.#onRevoke.get(session.nonce);
    if (!stops) {
      stops = new Set();
      this.#onRevoke.set(session.nonce, stops);
    }
    stops.add(stop);
    this.#checker ??= setInterval(() => void this.#checkRevocations(), REVOCATION_CHECK_MS).unref();
    return () => {
      stops.delete(stop);
      if (stops.size === 0) this.#onRevoke.delete(session.nonce);
      if (this.#onRevoke.size === 0) this.#stopChecking();
    };
  }

  /**
   * False once the session has expired or is known here to have signed out, without asking the store: for
   * work repeated while a session is open (its live stream), which {@link onRevoke} ends on a sign-out.
   */
  current(session: OperatorSession): boolean {
    return this.#now() < session.expiresAt && !this.#revoked.has(session.nonce);
  }

  /** False once the session has signed out (on any replica) or expired. */
  async active(session: OperatorSession): Promise<boolean> {
    if (!this.current(session)) return false;
    const revoked = await this.#store.revokedSignIns([session.nonce]);
    if (revoked.length === 0) return true;
    this.#remember(session.nonce, session.expiresAt);
    return false;
  }

  /** Stops the revocation checks. */
  close(): void {
    this.#onRevoke.clear();
    this.#stopChecking();
  }

  #stopChecking(): void {
    clearInterval(this.#checker);
    this.#checker = undefined;
  }

  /** Ends the streams of sign-ins that signed out on another replica. */
  async #checkRevocations(): Promise<void> {
    try {
      for (const nonce of await this.#store.revokedSignIns([...this.#onRevoke.keys()])) {
        this.#remember(nonce, this.#now() + SESSION_TTL_MS);
      }
    } catch {
      // The store is unreachable: the next check (and every request) tries again.
    }
  }

  #remember(nonce: string, expiresAt: number): void {
    const now = this.#now();
    for (const [known, until] of this.#revoked) if (until <= now) this.#revoked.delete(known);
    this.#revoked.set(nonce, expiresAt);
    for (const stop of this.#onRevoke.get(nonce) ?? []) stop();
    this.#onRevoke.delete(nonce);
    if (this.#onRevoke.size === 0) this.#stopChecking();
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
