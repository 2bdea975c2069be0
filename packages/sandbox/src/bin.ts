#!/usr/bin/env node
import { banner } from './banner.js';
import { readConfig, USAGE } from './config.js';
import { startSandbox } from './start-sandbox.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`inbox-hub-sandbox: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Handlers go in before anything is printed, so a signal sent as soon as the banner appears is caught.
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\ninbox-hub-sandbox: ${signal}, stopping\n`);
    (sandbox ? sandbox.close() : Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  sandbox = await startSandbox(config.options);
  if (stopping) {
    await sandbox.close();
    return;
  }
  if (config.json) {
    const { url, apiKey, account } = sandbox;
    process.stdout.write(
      `${JSON.stringify({ url, apiKey, email: account.email, password: account.password })}\n`,
    );
  } else {
    process.stdout.write(
      `${banner(sandbox, {
        apiKeyProvided: config.providedApiKey,
        passwordProvided: config.providedPassword,
        dataFile: config.options.dataFile,
      })}\n`,
    );
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`inbox-hub-sandbox: could not start: ${message}\n`);
  process.exit(1);
});
