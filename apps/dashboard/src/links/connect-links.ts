import { randomBytes } from 'node:crypto';
import type { Signer } from '../auth/signer.js';
import type { DashboardStore } from '../store/store.js';

const PURPOSE = 'connect-link';

/** A verified connect link. */
export interface ConnectLink {
  /** Random id, under which the store records the link and whether it is spent. */
  id: string;
  /** The one session the link may show. */
  sessionId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** Why a link is refused. The page says which, and nothing about any session. */
export type LinkRefusal = 'invalid' | 'expired' | 'spent';

/** The result of checking a link token. */
export type LinkCheck = { ok: true; link: ConnectLink } | { ok: false; reason: LinkRefusal };

/**
 * Customer connect links: signed tokens bound to one session, with an expiry, spent on the first successful
 * connection of their session, however the dashboard observes it (see `LinkGuard`). The token is the URL's
 * last segment; the store keeps each link's id, session, lifetime and whether it is spent, never the token.
 */
export class ConnectLinks {
  readonly #signer: Signer;
  readonly #store: DashboardStore;
  readonly #now: () => number;
  readonly #ttlMs: number;
  /** Called after a link is made, so the guard starts watching its session. */
  onCreate: (() => void) | undefined;

  constructor(options: { signer: Signer; store: DashboardStore; now: () => number; ttlMs: number }) {
    this.#signer = options.signer;
    this.#store = options.store;
    this.#now = options.now;
    this.#ttlMs = options.ttlMs;
  }

  /** The default lifetime of a new link. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Creates a link token for `sessionId`, valid for `ttlMs` (the configured lifetime by default). */
  async create(sessionId: string, ttlMs = this.#ttlMs): Promise<{ token: string; link: ConnectLink }> {
    const now = this.#now();
    const link = {
      id: randomBytes(12).toString('base64url'),
      sessionId,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    await this.#store.recordLink(link);
    this.onCreate?.();
    const token = this.#signer.sign(PURPOSE, {
      i: link.id,
      s: link.sessionId,
      c: link.createdAt,
      e: link.expiresAt,
    });
    return { token, link };
  }

  /** Checks a token: its signature first, then its expiry, then whether it was spent. */
  async check(token: string | undefined): Promise<LinkCheck> {
    const payload = this.#signer.verify(PURPOSE, token);
    const { i, s, c, e } = payload ?? {};
    if (typeof i !== 'string' || typeof s !== 'string' || typeof e !== 'number') {
      return { ok: false, reason: 'invalid' };
    }
    if (this.#now() >= e) return { ok: false, reason: 'expired' };
    const link = { id: i, sessionId: s, createdAt: typeof c === 'number' ? c : this.#now(), expiresAt: e };
    if (await this.#store.isSpent(link)) return { ok: false, reason: 'spent' };
    return { ok: true, link };
  }

  /** The session of these links connected: every link of it made before now is spent. */
  async spendSession(sessionId: string): Promise<number> {
    return this.#store.spendSession(sessionId, this.#now());
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
