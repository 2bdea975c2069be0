import type { InboxHub, SessionWatcher, WatchEvent } from '@inbox-hub/client';
import type { Logger } from '../logger.js';
import { SESSIONS_URI, sessionUri } from './sessions.js';

/** Options of {@link ResourceWatcher}. */
export interface WatcherOptions {
  hub: InboxHub;
  /** How long to wait between two ticks while something is subscribed, in ms. */
  intervalMs: number;
  /** Called once per changed resource. */
  onChange(uri: string): Promise<void>;
  logger: Logger;
}

/** The events that change what a resource shows (its statuses, phone numbers, whether a QR waits). */
function touches(event: WatchEvent): boolean {
  return event.type !== 'session.stale' && event.type !== 'session.snapshot';
}

/**
 * Tells subscribers which session resources changed, through the client's session watcher: one list
 * request per tick however many resources are subscribed (the list and each session's status all come
 * from it). It runs only while something is subscribed, never overlaps a slow API, and never keeps the
 * process alive by itself.
 */
export class ResourceWatcher {
  readonly #options: WatcherOptions;
  readonly #subscribed = new Set<string>();
  #watcher: SessionWatcher | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: WatcherOptions) {
    this.#options = options;
  }

  /** Starts watching `uri`; what the account looks like now is the baseline, so only later changes count. */
  async subscribe(uri: string): Promise<void> {
    if (this.#closed) return;
    this.#subscribed.add(uri);
    if (this.#watcher === undefined) {
      this.#watcher = this.#options.hub.watch();
      await this.#tick(false);
    }
    this.#schedule();
  }

  /** Stops watching `uri`. */
  unsubscribe(uri: string): void {
    this.#subscribed.delete(uri);
    if (this.#subscribed.size === 0) this.#stop();
  }

  /** The URIs being watched. */
  get subscriptions(): string[] {
    return [...this.#subscribed];
  }

  /** Stops everything; later subscriptions are ignored. */
  close(): void {
    this.#closed = true;
    this.#subscribed.clear();
    this.#stop();
  }

  /** One tick now: one list request, then one notification per subscribed resource that changed. */
  async poll(): Promise<void> {
    await this.#tick(true);
  }

  async #tick(notify: boolean): Promise<void> {
    const watcher = this.#watcher;
    if (watcher === undefined) return;
    let events: WatchEvent[];
    try {
      events = await watcher.poll();
    } catch (error) {
      // A failed tick is no change: the watcher's cursor stays where it was, so the next tick catches up.
      this.#options.logger.debug('Watching the sessions failed', {
        error: error instanceof Error ? error.name : 'unknown',
      });
      return;
    }
    if (!notify || this.#closed) return;
    const changed = new Set<string>();
    for (const event of events.filter(touches)) {
      changed.add(SESSIONS_URI);
      changed.add(sessionUri(event.sessionId));
    }
    for (const uri of changed) {
      if (!this.#subscribed.has(uri)) continue;
      try {
        await this.#options.onChange(uri);
      } catch (error) {
        this.#options.logger.warn('Could not send a resource update', { uri, error: String(error) });
      }
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed || this.#subscribed.size === 0) return;
    this.#timer = setTimeout(async () => {
      try {
        await this.poll();
      } finally {
        this.#timer = undefined;
        this.#schedule();
      }
    }, this.#options.intervalMs);
    this.#timer.unref?.();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    // A later subscription starts a fresh baseline rather than reporting what changed in between.
    this.#watcher = undefined;
  }
}
