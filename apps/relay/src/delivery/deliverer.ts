/**
 * The delivery side of the relay: claims due deliveries from the outbox, sends each one signed, and
 * records the outcome (delivered, retry later with backoff, or dead). Every instance runs one; the outbox
 * makes sure two never hold the same delivery.
 */
import type { Endpoint } from '../endpoints.js';
import { describeError, type Logger } from '../logger.js';
import type { Claimed, Outbox, Outcome } from '../storage/outbox.js';
import { type RetryPolicy, retryDelayMs } from './backoff.js';
import { attemptDelivery, signerFor } from './send.js';

/** Options of a {@link Deliverer}. */
export interface DelivererOptions {
  outbox: Outbox;
  endpoints: readonly Endpoint[];
  /** This instance's name: the lease owner in the outbox. */
  owner: string;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Per attempt, covering the whole exchange. */
  timeoutMs: number;
  /** How long a claim holds; longer than `timeoutMs`, so a live instance never loses one it is sending. */
  leaseMs: number;
  retry: RetryPolicy;
  /** How often to look for due work when nothing wakes the deliverer (other instances' events). */
  claimIntervalMs: number;
  logger: Logger;
  fetch?: typeof fetch | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
}

/** Counters since start, for logs, `/health` and tests. */
export interface DeliveryStats {
  delivered: number;
  failed: number;
  dead: number;
  leaseLost: number;
}

/**
 * Claims due deliveries (at most `concurrency` in flight), sends each one signed, and records the outcome:
 * delivered, a retry at a backoff, or dead after `retry.maxAttempts`. {@link Deliverer.stop} finishes or
 * hands back what is in flight.
 */
export class Deliverer {
  readonly #o: DelivererOptions;
  readonly #byName: Map<string, { endpoint: Endpoint; signer: ReturnType<typeof signerFor> }>;
  readonly #names: string[];
  readonly #now: () => number;
  readonly #inFlight = new Set<Promise<void>>();
  /** Aborts the attempts in flight when a shutdown runs out of patience. */
  readonly #abandon = new AbortController();
  #wake: (() => void) | undefined;
  #woken = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #claimWarnedAt = 0;
  readonly stats: DeliveryStats = { delivered: 0, failed: 0, dead: 0, leaseLost: 0 };

  constructor(options: DelivererOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#byName = new Map(
      options.endpoints.map((endpoint) => [endpoint.name, { endpoint, signer: signerFor(endpoint.secret) }]),
    );
    this.#names = options.endpoints.map((e) => e.name);
  }

  /** Deliveries in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Looks for work now (new events were stored, or a slot freed up). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Starts the claim loop. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Claims what is due now and delivers it, waiting for every attempt to end. Returns how many were
   * claimed. For tests and one-shot use; the running loop does the same continuously.
   */
  async deliverDue(): Promise<number> {
    const claimed = await this.#claim(this.#o.concurrency);
    await Promise.all(claimed.map((c) => this.#deliver(c)));
    return claimed.length;
  }

  /**
   * Stops claiming, lets the attempts in flight finish for up to `graceMs`, then aborts the rest and hands
   * their claims back to the outbox uncounted, so another instance (or the next start) sends them at once.
   */
  async stop(graceMs: number): Promise<{ finished: number; released: number }> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    const pending = [...this.#inFlight];
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), patience]);
    clearTimeout(timer);
    let released = 0;
    if (outcome === 'timeout') {
      this.#abandon.abort();
      await Promise.allSettled([...this.#inFlight]);
      released = await this.#o.outbox.release(this.#o.owner, this.#now()).catch((error: unknown) => {
        this.#o.logger.warn(`could not hand back the unfinished deliveries: ${describeError(error)}`);
        return 0;
      });
    }
    return { finished: pending.length - released, released };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#woken = false;
      const capacity = this.#o.concurrency - this.#inFlight.size;
      let claimedAll = false;
      if (capacity > 0) {
        const claimed = await this.#claim(capacity);
        for (const delivery of claimed) this.#track(this.#deliver(delivery));
        claimedAll = claimed.length === capacity;
      }
      // A full batch means more may be due: go again as soon as a slot frees up.
      if (claimedAll && this.#inFlight.size < this.#o.concurrency) continue;
      if (this.#woken || this.#stopping) continue;
      await this.#sleep(await this.#idleWait(capacity > 0 && !claimedAll));
    }
  }

  /** How long to wait with nothing to do: until the next retry falls due, at most `claimIntervalMs`. */
  async #idleWait(idle: boolean): Promise<number> {
    if (!idle) return this.#o.claimIntervalMs;
    try {
      const due = await this.#o.outbox.nextDueAt(this.#names);
      if (due !== null) return Math.max(0, Math.min(this.#o.claimIntervalMs, due - this.#now()));
    } catch {
      // The database is unreachable; the next claim reports it.
    }
    return this.#o.claimIntervalMs;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #claim(limit: number): Promise<Claimed[]> {
    try {
      return await this.#o.outbox.claim({
        owner: this.#o.owner,
        endpoints: this.#names,
        limit,
        leaseMs: this.#o.leaseMs,
        now: this.#now(),
      });
    } catch (error) {
      // The database is down: say so once a minute, not on every look for work.
      const now = Date.now();
      if (now - this.#claimWarnedAt >= 60_000) {
        this.#claimWarnedAt = now;
        this.#o.logger.warn(`could not claim deliveries (retrying): ${describeError(error)}`);
      }
      return [];
    }
  }

  #track(promise: Promise<void>): void {
    this.#inFlight.add(promise);
    void promise.finally(() => {
      this.#inFlight.delete(promise);
      this.wake();
    });
  }

  async #deliver(delivery: Claimed): Promise<void> {
    const target = this.#byName.get(delivery.endpoint);
    if (!target) return; // Claims only ever name configured endpoints.
    const result = await attemptDelivery({
      url: target.endpoint.url,
      signer: target.signer,
      id: delivery.eventId,
      body: delivery.body,
      timeoutMs: this.#o.timeoutMs,
      signal: this.#abandon.signal,
      fetch: this.#o.fetch,
    });
    // Abandoned at shutdown: the claim is handed back by stop(), uncounted.
    if (this.#abandon.signal.aborted) return;
    const now = this.#now();
    let outcome: Outcome;
    if (result.ok) {
      outcome = { kind: 'delivered', status: result.status };
      this.stats.delivered++;
    } else if (delivery.attempts >= this.#o.retry.maxAttempts) {
      outcome = { kind: 'dead', status: result.status, error: result.error };
      this.stats.dead++;
      this.#o.logger.warn(
        `delivery ${delivery.id} (${delivery.eventType} ${delivery.eventId} → ${delivery.endpoint}) is dead after ${delivery.attempts} attempts: ${result.error}. Replay it with: inbox-hub-relay outbox replay ${delivery.id}`,
      );
    } else {
      const wait = retryDelayMs(delivery.attempts, this.#o.retry, result.retryAfterMs, this.#o.random);
      outcome = { kind: 'retry', nextAttemptAt: now + wait, status: result.status, error: result.error };
      this.stats.failed++;
    }
    try {
      const kept = await this.#o.outbox.settle(delivery.id, this.#o.owner, outcome, now);
      if (!kept) {
        this.stats.leaseLost++;
        this.#o.logger.warn(
          `delivery ${delivery.id} outlived its lease and was taken over by another instance; it may arrive twice (same webhook-id).`,
        );
      }
    } catch (error) {
      // The lease runs out and the delivery is sent again: at least once, never lost.
      this.#o.logger.warn(`could not record delivery ${delivery.id}: ${describeError(error)}`);
    }
  }
}
