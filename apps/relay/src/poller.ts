/**
 * The polling side of the relay: while this instance is the elected poller, one `hub.watch()` tick at a
 * time, its events and the watcher's cursor stored in one transaction. A crash between the list request
 * and the commit loses nothing: the next poller starts from the stored cursor and derives the same events
 * with the same ids.
 */
import type { InboxHub, SessionWatcher, WatchEvent, WatchOptions } from '@inbox-hub/client';
import { type Endpoint, subscribes } from './endpoints.js';
import { describeError, type Logger } from './logger.js';
import type { NewEvent, Outbox } from './storage/outbox.js';

/** What the poller passes to `hub.watch()`. */
export type WatchSettings = Pick<
  WatchOptions,
  'reconnectLoop' | 'staleAfterMs' | 'emitExisting' | 'clock' | 'request'
>;

/** Options of a {@link Poller}. */
export interface PollerOptions {
  hub: InboxHub;
  outbox: Outbox;
  endpoints: readonly Endpoint[];
  /** Time between two ticks (ms); each tick is one list request. */
  intervalMs: number;
  /** Send a `session.snapshot` of every session this often (ms); off when undefined. */
  resyncEveryMs?: number | undefined;
  watch?: WatchSettings | undefined;
  logger: Logger;
  /** Called after a tick stored events (wakes the deliverer and SSE). */
  onEvents?: ((count: number) => void) | undefined;
  now?: (() => number) | undefined;
}

/** What one tick did. */
export interface TickResult {
  /** Whether this instance is the poller. */
  leader: boolean;
  /** Events stored by this tick. */
  events: number;
}

/** Turns a watcher event into an outbox row for the endpoints subscribed to its type. */
export function toNewEvent(event: WatchEvent, endpoints: readonly Endpoint[]): NewEvent {
  return {
    id: event.id,
    type: event.type,
    sessionId: event.sessionId,
    observedAt: event.observedAt,
    body: JSON.stringify(event),
    endpoints: endpoints.filter((e) => subscribes(e, event.type)).map((e) => e.name),
  };
}

/**
 * Ticks `hub.watch()` while this instance is the elected poller and stores each tick (events, deliveries,
 * cursor) in one transaction; when it is not the poller, each tick only tries to become it.
 */
export class Poller {
  readonly #o: PollerOptions;
  readonly #now: () => number;
  #watcher: SessionWatcher | undefined;
  #version = 0;
  #leader = false;
  #stopped = new AbortController();
  #loop: Promise<void> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Ticks committed by this instance. */
  ticks = 0;

  constructor(options: PollerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Whether this instance is the poller now. */
  get leader(): boolean {
    return this.#leader;
  }

  /**
   * One tick: become (or stay) the poller, poll once, store the events and the cursor together. Throws
   * when the API or the database fails; the cursor is then unchanged and the next tick tries again. Ticks
   * never overlap: a call while one runs waits for it.
   */
  tick(): Promise<TickResult> {
    const run = this.#queue.then(
      () => this.#tickOnce(),
      () => this.#tickOnce(),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  async #tickOnce(): Promise<TickResult> {
    const { outbox, logger } = this.#o;
    if (!(await outbox.lead())) {
      if (this.#leader) logger.info('another instance is the poller now; this one only delivers.');
      this.#leader = false;
      this.#watcher = undefined;
      return { leader: false, events: 0 };
    }
    if (!this.#leader) logger.info('this instance is the poller.');
    this.#leader = true;
    if (!this.#watcher) {
      const state = await outbox.readState();
      this.#watcher = this.#o.hub.watch({
        ...this.#o.watch,
        resyncEveryMs: this.#o.resyncEveryMs,
        cursor: state.cursor ?? undefined,
      });
      this.#version = state.version;
    }
    const watcher = this.#watcher;
    try {
      const events = await watcher.poll();
      const committed = await outbox.commitTick({
        expectedVersion: this.#version,
        cursor: JSON.stringify(watcher.cursor),
        events: events.map((e) => toNewEvent(e, this.#o.endpoints)),
        now: this.#now(),
      });
      if (!committed) {
        // Another poller stored a tick since this one read the cursor: start again from the stored one.
        logger.warn('another poller stored a tick first; reading the cursor again.');
        this.#watcher = undefined;
        return { leader: true, events: 0 };
      }
      this.#version++;
      this.ticks++;
      if (events.length > 0) this.#o.onEvents?.(events.length);
      return { leader: true, events: events.length };
    } catch (error) {
      // The watcher may have moved past what was stored: rebuild it from the stored cursor.
      this.#watcher = undefined;
      throw error;
    }
  }

  /** Ticks every `intervalMs` until {@link stop}. A failed tick is logged and retried at the next one. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Ends the loop after the tick under way and gives up the poller role. */
  async stop(): Promise<void> {
    this.#stopped.abort();
    await this.#loop;
    this.#leader = false;
    await this.#o.outbox.resign().catch(() => {});
  }

  async #run(): Promise<void> {
    const signal = this.#stopped.signal;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.tick();
      } catch (error) {
        this.#o.logger.warn(
          `tick failed (the next one retries from the stored cursor): ${describeError(error)}`,
        );
      }
      // Stopped during the tick: an aborted signal fires no more 'abort', so waiting would take the interval.
      if (signal.aborted) break;
      const wait = Math.max(0, this.#o.intervalMs - (Date.now() - started));
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}
