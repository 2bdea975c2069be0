import { randomBytes } from 'node:crypto';
import type { Signer } from '../auth/signer.js';
import type { SpentLinks } from './spent-links.js';

const PURPOSE = 'connect-link';

/** A verified connect link. */
export interface ConnectLink {
  /** Random id, recorded when the link is spent. */
  id: string;
  /** The one session the link may show. */
  sessionId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Why a link is refused. The page says which, and nothing about any session. */
export type LinkRefusal = 'invalid' | 'expired' | 'spent';

/** The result of checking a link token. */
export type LinkCheck = { ok: true; link: ConnectLink } | { ok: false; reason: LinkRefusal };

/**
 * Customer connect links: signed tokens bound to one session, with an expiry, spent once the session
 * connects. The token is the URL's last segment; the server keeps only the ids of spent links.
 */
export class ConnectLinks {
  readonly #signer: Signer;
  readonly #spent: SpentLinks;
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(options: { signer: Signer; spent: SpentLinks; now: () => number; ttlMs: number }) {
    this.#signer = options.signer;
    this.#spent = options.spent;
    this.#now = options.now;
    this.#ttlMs = options.ttlMs;
  }

  /** The default lifetime of a new link. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Creates a link token for `sessionId`, valid for `ttlMs` (the configured lifetime by default). */
  create(sessionId: string, ttlMs = this.#ttlMs): { token: string; link: ConnectLink } {
    const link = { id: randomBytes(12).toString('base64url'), sessionId, expiresAt: this.#now() + ttlMs };
    return { token: this.#signer.sign(PURPOSE, { i: link.id, s: link.sessionId, e: link.expiresAt }), link };
  }

  /** Checks a token: its signature first, then its expiry, then whether it was spent. */
  check(token: string | undefined): LinkCheck {
    const payload = this.#signer.verify(PURPOSE, token);
    const { i, s, e } = payload ?? {};
    if (typeof i !== 'string' || typeof s !== 'string' || typeof e !== 'number') {
      return { ok: false, reason: 'invalid' };
    }
    if (this.#now() >= e) return { ok: false, reason: 'expired' };
    if (this.#spent.has(i)) return { ok: false, reason: 'spent' };
    return { ok: true, link: { id: i, sessionId: s, expiresAt: e } };
  }

  /** Marks a link spent: its session connected. */
  spend(link: ConnectLink): void {
    this.#spent.add(link.id);
  }

  /** The CSRF token of a link's page (its "get a new code" button). */
  csrfToken(link: ConnectLink): string {
    return this.#signer.mac('link-csrf', link.id);
  }

  /** True when `token` is the link page's CSRF token. */
  checkCsrf(link: ConnectLink, token: string | undefined): boolean {
    return typeof token === 'string' && this.#signer.equal(token, this.csrfToken(link));
  }
}
