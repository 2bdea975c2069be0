import type { SessionPoller } from '../live/poller.js';
import type { Snapshot } from '../live/snapshot.js';
import type { Logger } from '../logger.js';
import type { DashboardStore } from '../store/store.js';

/**
 * Makes customer links single-use whoever is watching: while any link is live (neither spent nor expired),
 * the guard keeps the shared poll running, and the first snapshot that shows a link's session connected
 * spends every link of that session. Without it a link was spent only if a link page happened to be open at
 * the moment of the scan; after a later disconnect, the same link showed a fresh QR that another phone
 * could take. Starts with the dashboard (links survive restarts in the store) and after each new link.
 */
export class LinkGuard {
  readonly #poller: SessionPoller;
  readonly #store: DashboardStore;
  readonly #now: () => number;
  readonly #logger: Logger;
  #unsubscribe: (() => void) | undefined;
  #live = new Set<string>();
  #closed = false;

  constructor(options: { poller: SessionPoller; store: DashboardStore; now: () => number; logger: Logger }) {
    this.#poller = options.poller;
    this.#store = options.store;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  /** Re-reads which sessions have live links, and watches while there are any. */
  async update(): Promise<void> {
    if (this.#closed) return;
    this.#live = new Set(await this.#store.liveLinkSessions(this.#now()));
    if (this.#live.size > 0 && this.#unsubscribe === undefined) {
      this.#unsubscribe = this.#poller.subscribe((snapshot) => void this.#check(snapshot));
    } else if (this.#live.size === 0) {
      this.#stop();
    }
  }

  /** Spends the links of every session a snapshot shows connected. */
  async #check(snapshot: Snapshot): Promise<void> {
    try {
      let spent = 0;
      for (const session of snapshot.sessions ?? []) {
        if (session.status === 'connected' && this.#live.has(session.sessionId)) {
          spent += await this.#store.spendSession(session.sessionId, this.#now());
        }
      }
      // Links also expire while watched: re-read the live set now and then, not only after a spend.
      if (spent > 0 || snapshot.version % 20 === 0) await this.update();
    } catch (error) {
      this.#logger.warn('Checking customer links against the sessions failed.', error);
    }
  }

  /** Stops watching for good. */
  close(): void {
    this.#closed = true;
    this.#stop();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
