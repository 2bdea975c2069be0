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
  readonly #recheckMs: number;
  #unsubscribe: (() => void) | undefined;
  #recheck: ReturnType<typeof setInterval> | undefined;
  #live = new Set<string>();
  #closed = false;

  constructor(options: {
    poller: SessionPoller;
    store: DashboardStore;
    now: () => number;
    logger: Logger;
    /** How often the live set is read again while watching, so expired links stop the watch. */
    recheckMs?: number;
  }) {
    this.#poller = options.poller;
    this.#store = options.store;
    this.#now = options.now;
    this.#logger = options.logger;
    this.#recheckMs = options.recheckMs ?? 60_000;
  }

  /** Re-reads which sessions have live links, and watches while there are any. */
  async update(): Promise<void> {
    if (this.#closed) return;
    this.#live = new Set(await this.#store.liveLinkSessions(this.#now()));
    if (this.#live.size > 0 && this.#unsubscribe === undefined) {
      this.#unsubscribe = this.#poller.subscribe((snapshot) => void this.#check(snapshot));
      // Links expire with no snapshot to say so (a quiet account publishes none): read the set again on a
      // clock of its own, so the last expiry ends the watch and the poll.
      this.#recheck = setInterval(() => void this.#safely(() => this.update()), this.#recheckMs);
      this.#recheck.unref();
    } else if (this.#live.size === 0) {
      this.#stop();
    }
  }

  /** Spends the links of every session a snapshot shows connected. */
  #check(snapshot: Snapshot): Promise<void> {
    return this.#safely(async () => {
      let spent = 0;
      for (const session of snapshot.sessions ?? []) {
        if (session.status === 'connected' && this.#live.has(session.sessionId)) {
          spent += await this.#store.spendSession(session.sessionId, this.#now());
        }
      }
      if (spent > 0) await this.update();
    });
  }

  async #safely(work: () => Promise<void>): Promise<void> {
    try {
      await work();
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
    clearInterval(this.#recheck);
    this.#recheck = undefined;
  }
}
