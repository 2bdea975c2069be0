#!/usr/bin/env node
import { InboxHub } from '@inbox-hub/client';
import { ConfigError, ENV, readConfig, USAGE } from './config.js';
import { stderrLogger } from './logger.js';
import { startDashboard } from './start-dashboard.js';

/** `inbox-hub-dashboard`: reads the environment, starts the server, stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `inbox-hub-dashboard: ${error.message}\nRun inbox-hub-dashboard --help for every setting.\n`,
      );
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const hub = new InboxHub({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    email: config.email,
    password: config.password,
    logger: { debug() {}, warn: (message) => stderrLogger.warn(message) },
  });
  let running: Awaited<ReturnType<typeof startDashboard>>;
  try {
    running = await startDashboard({
      hub,
      operator: { user: config.operatorUser, password: config.operatorPassword },
      secret: config.secret,
      publicUrl: config.publicUrl,
      secureCookies: config.secureCookies,
      apiToken: config.apiToken,
      linkTtlMs: config.linkTtlMs,
      pollIntervalMs: config.pollIntervalMs,
      store: config.store,
      trustProxy: config.trustProxy,
      host: config.host,
      port: config.port,
      logger: stderrLogger,
    });
  } catch (error) {
    const where = config.databaseUrl ? `the PostgreSQL database (${ENV.databaseUrl})` : config.dataFile;
    process.stderr.write(
      `inbox-hub-dashboard: could not start with its state in ${where}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
    return;
  }
  stderrLogger.info(
    `Listening on ${running.url} (public URL ${config.publicUrl}); Inbox Hub at ${config.baseUrl}. Sign in as "${config.operatorUser}".`,
  );
  stderrLogger.info(
    config.databaseUrl ? 'State in PostgreSQL (shared by replicas).' : `State in ${config.dataFile}.`,
  );
  if (config.apiToken) stderrLogger.info(`POST ${config.publicUrl}/api/connect-links is on.`);
  const stop = () => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
