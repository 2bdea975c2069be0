/**
 * The relay: a {@link Poller} (while elected) and a {@link Deliverer} on one outbox, plus the SSE server.
 * `createRelay` builds it without side effects, so tests drive ticks and deliveries by hand; `start()`
 * runs the loops; `stop()` shuts down gracefully.
 */
import { hostname } from 'node:os';
import type { InboxHub } from '@inbox-hub/client';
import { RELAY_DEFAULTS } from './defaults.js';
import type { RetryPolicy } from './delivery/backoff.js';
import { Deliverer, type DeliveryStats } from './delivery/deliverer.js';
import type { Endpoint } from './endpoints.js';
import { type RunningHttp, startHttpServer } from './http/server.js';
import { type Logger, silentLogger } from './logger.js';
import { Poller, type TickResult, type WatchSettings } from './poller.js';
import type { Outbox } from './storage/outbox.js';

/** Options of {@link createRelay}. Only `hub`, `outbox` and `endpoints` are required. */
export interface RelayOptions {
  hub: InboxHub;
  outbox: Outbox;
  endpoints: readonly Endpoint[];
  /** This instance's name (lease owner, logs). Default `<hostname>-<pid>`. */
  instance?: string | undefined;
  /** Time between two ticks, ms. Default 5 000. */
  intervalMs?: number | undefined;
  /** Send every session's state (`session.snapshot`) this often, ms. Off by default. */
  resyncEveryMs?: number | undefined;
  watch?: WatchSettings | undefined;
  /** Deliveries in flight at once. Default 8. */
  concurrency?: number | undefined;
  /** Per attempt, ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** How long a claim holds, ms; more than `timeoutMs`. Default `timeoutMs + 20 000`. */
  leaseMs?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** How often to look for due work from other instances, ms. Default 500. */
  claimIntervalMs?: number | undefined;
  /** How long a shutdown waits for deliveries in flight before handing them back, ms. Default 10 000. */
  shutdownGraceMs?: number | undefined;
  /** The SSE server; none when undefined. */
  http?: { host: string; port: number; token?: string | undefined; pollMs?: number | undefined } | undefined;
  logger?: Logger | undefined;
  /** For tests: the delivery side's `fetch`, randomness and clock. */
  fetch?: typeof fetch | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
}

/** A relay. */
export interface Relay {
  readonly instance: string;
  /** One poll now (see {@link Poller.tick}). */
  tick(): Promise<TickResult>;
  /** Claims what is due now and delivers it, waiting for the attempts; returns how many. */
  deliverDue(): Promise<number>;
  /** Starts the tick loop, the delivery loop and the SSE server (if configured). */
  start(): Promise<void>;
  /**
   * Stops polling (after the tick under way), stops claiming, lets deliveries in flight finish for
   * `shutdownGraceMs` and hands the rest back, closes the SSE server. The outbox stays open (the caller's).
   */
  stop(): Promise<void>;
  /** The SSE server's URL once started. */
  readonly url: string | undefined;
  readonly leader: boolean;
  readonly stats: DeliveryStats & { ticks: number };
}

/** Builds a relay; nothing runs until {@link Relay.start}, {@link Relay.tick} or {@link Relay.deliverDue}. */
export function createRelay(options: RelayOptions): Relay {
  const instance = options.instance ?? `${hostname()}-${process.pid}`;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? RELAY_DEFAULTS.timeoutMs;
  const listeners = new Set<() => void>();
  const deliverer = new Deliverer({
    outbox: options.outbox,
    endpoints: options.endpoints,
    owner: instance,
    concurrency: options.concurrency ?? RELAY_DEFAULTS.concurrency,
    timeoutMs,
    leaseMs: options.leaseMs ?? timeoutMs + RELAY_DEFAULTS.leaseMarginMs,
    retry: { ...RELAY_DEFAULTS.retry, ...options.retry },
    claimIntervalMs: options.claimIntervalMs ?? RELAY_DEFAULTS.claimIntervalMs,
    logger,
    fetch: options.fetch,
    random: options.random,
    now: options.now,
  });
  const poller = new Poller({
    hub: options.hub,
    outbox: options.outbox,
    endpoints: options.endpoints,
    intervalMs: options.intervalMs ?? RELAY_DEFAULTS.intervalMs,
    resyncEveryMs: options.resyncEveryMs,
    watch: options.watch,
    logger,
    now: options.now,
    onEvents: () => {
      deliverer.wake();
      for (const listener of listeners) listener();
    },
  });
  let http: RunningHttp | undefined;
  let started = false;

  return {
    instance,
    tick: () => poller.tick(),
    deliverDue: () => deliverer.deliverDue(),
    async start() {
      if (started) return;
      started = true;
      if (options.http) {
        http = await startHttpServer({
          outbox: options.outbox,
          host: options.http.host,
          port: options.http.port,
          token: options.http.token,
          pollMs: options.http.pollMs,
          logger,
          health: () => ({
            instance,
            backend: options.outbox.backend,
            poller: poller.leader,
            inFlight: deliverer.inFlight,
          }),
          subscribe: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        });
      }
      deliverer.start();
      poller.start();
    },
    async stop() {
      await poller.stop();
      const { released } = await deliverer.stop(options.shutdownGraceMs ?? RELAY_DEFAULTS.shutdownGraceMs);
      if (released > 0) logger.info(`handed ${released} unfinished deliveries back to the outbox.`);
      await http?.close();
    },
    get url() {
      return http?.url;
    },
    get leader() {
      return poller.leader;
    },
    get stats() {
      return { ...deliverer.stats, ticks: poller.ticks };
    },
  };
}
