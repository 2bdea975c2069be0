/** `inbox-hub-relay [run]`: reads the settings, opens the outbox, runs the relay until SIGTERM or SIGINT. */
import { hostname } from 'node:os';
import { InboxHub } from '@inbox-hub/client';
import { readRunConfig } from '../config.js';
import { displayUrl } from '../endpoints.js';
import { describeError, stderrLogger } from '../logger.js';
import { createRelay } from '../relay.js';
import { describeTarget, openOutbox } from '../storage/open.js';
import type { Io } from './io.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The list of every session can be large (10,000 sessions are a few MB); the client's default cap of 5 MB
 * suits single answers, not this one.
 */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** Runs the relay until a signal; returns the exit code. Throws ConfigError for a bad setting. */
export async function runRelayCommand(argv: readonly string[], env: Env, io: Io): Promise<number> {
  const config = readRunConfig(argv, env);
  const instance = config.instance ?? `${hostname()}-${process.pid}`;
  const logger = stderrLogger(instance);
  let outbox: Awaited<ReturnType<typeof openOutbox>>;
  try {
    outbox = await openOutbox(config.storage, {
      onError: (error) =>
        logger.warn(`database connection lost (the pool reconnects): ${describeError(error)}`),
    });
  } catch (error) {
    io.err(
      `inbox-hub-relay: could not open the outbox (${describeTarget(config.storage)}): ${describeError(error)}`,
    );
    return 1;
  }
  const hub = new InboxHub({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    maxResponseBytes: MAX_LIST_BYTES,
    logger: { debug() {}, warn: (message) => logger.warn(message) },
  });
  const relay = createRelay({
    hub,
    outbox,
    endpoints: config.endpoints,
    instance,
    intervalMs: config.intervalMs,
    resyncEveryMs: config.resyncEveryMs,
    watch: {
      reconnectLoop: config.reconnectLoop,
      staleAfterMs: config.staleAfterMs,
      emitExisting: config.announceExisting,
    },
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    leaseMs: config.leaseMs,
    retry: config.retry,
    claimIntervalMs: config.claimIntervalMs,
    shutdownGraceMs: config.shutdownGraceMs,
    http: config.http,
    logger,
  });
  try {
    await relay.start();
  } catch (error) {
    io.err(`inbox-hub-relay: could not start: ${describeError(error)}`);
    await relay.stop().catch(() => {});
    await outbox.close();
    return 1;
  }
  const targets =
    config.endpoints.length === 0
      ? 'no endpoint (events are stored and streamed only)'
      : config.endpoints
          .map(
            (e) =>
              `${e.name} → ${displayUrl(e.url)}${e.events === 'all' ? '' : ` (${[...e.events].join(', ')})`}`,
          )
          .join('; ');
  logger.info(`outbox: ${describeTarget(config.storage)}; endpoints: ${targets}.`);
  logger.info(
    `ready: watching ${displayUrl(config.baseUrl)} every ${config.intervalMs} ms${relay.url ? `; events stream at ${relay.url}/events` : ''}.`,
  );
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info(
    `${signal}: finishing the deliveries in flight (up to ${config.shutdownGraceMs} ms), then stopping.`,
  );
  await relay.stop();
  await outbox.close();
  logger.info('stopped.');
  return 0;
}
