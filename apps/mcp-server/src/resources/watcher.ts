import type { Logger } from '../logger.js';

/** Options of {@link ResourceWatcher}. */
export interface WatcherOptions {
  /** How long to wait between two polls of the subscribed resources, in ms. */
  intervalMs: number;
  /** What a resource looks like now; a change from the last value is a change of the resource. */
  fingerprint(uri: string): Promise<string>;
  /** Called once per changed resource. */
  onChange(uri: string): Promise<void>;
  logger: Logger;
}

const FAILED = '\u0000failed';

/**
 * Polls the resources a client subscribed to and reports those that changed. It runs only while
 * something is subscribed, polls one round at a time (never overlapping a slow API), and never keeps
 * the process alive by itself.
 */
export class ResourceWatcher {
  readonly #options: WatcherOptions;
  readonly #last = new Map<string, string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: WatcherOptions) {
    this.#options = options;
  }

  /** Starts watching `uri`; its current state is the baseline, so only later changes are reported. */
  async subscribe(uri: string): Promise<void> {
    if (this.#closed) return;
    if (!this.#last.has(uri)) this.#last.set(uri, await this.#read(uri));
    this.#schedule();
  }

  /** Stops watching `uri`. */
  unsubscribe(uri: string): void {
    this.#last.delete(uri);
    if (this.#last.size === 0) this.#stop();
  }

  /** The URIs being watched. */
  get subscriptions(): string[] {
    return [...this.#last.keys()];
  }

  /** Stops everything; later subscriptions are ignored. */
  close(): void {
    this.#closed = true;
    this.#last.clear();
    this.#stop();
  }

  /** One polling round over every subscribed resource. */
  async poll(): Promise<void> {
    for (const uri of [...this.#last.keys()]) {
      const now = await this.#read(uri);
      const before = this.#last.get(uri);
      // Unsubscribed while reading: drop the result.
      if (before === undefined || this.#closed) continue;
      this.#last.set(uri, now);
      if (now !== before && now !== FAILED && before !== FAILED) {
        try {
          await this.#options.onChange(uri);
        } catch (error) {
          this.#options.logger.warn('Could not send a resource update', { uri, error: String(error) });
        }
      }
    }
  }

  async #read(uri: string): Promise<string> {
    try {
      return await this.#options.fingerprint(uri);
    } catch (error) {
      // A failed read is no change: the next successful one is compared with the last good value.
      this.#options.logger.debug('Polling a subscribed resource failed', {
        uri,
        error: error instanceof Error ? error.name : 'unknown',
      });
      return this.#last.get(uri) ?? FAILED;
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed || this.#last.size === 0) return;
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
  }
}
