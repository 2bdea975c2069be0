import {
  boolean,
  ConfigError,
  describeSettings,
  integer,
  list,
  number,
  port,
  readSettings,
  secret,
  text,
} from '@inbox-hub/config';
import type { SandboxOptions } from './start-sandbox.js';

/** What the `inbox-hub-sandbox` command was asked to do. */
export interface SandboxCliConfig {
  options: SandboxOptions & { port: number };
  /** Print one JSON line (url, apiKey, ...) instead of the banner. */
  json: boolean;
  help: boolean;
  /** Which settings came from the environment or flags rather than being generated (the banner masks those). */
  providedApiKey: boolean;
  providedPassword: boolean;
}

/** The command's settings: each flag also has its `INBOX_HUB_SANDBOX_*` variable. */
const SETTINGS = {
  port: port({
    flag: '--port',
    env: 'INBOX_HUB_SANDBOX_PORT',
    default: 4010,
    help: 'port to listen on (default 4010; 0 = any free port)',
  }),
  host: text({
    flag: '--host',
    env: 'INBOX_HUB_SANDBOX_HOST',
    default: '127.0.0.1',
    help: 'interface (default 127.0.0.1)',
  }),
  data: text({
    flag: '--data',
    env: 'INBOX_HUB_SANDBOX_DATA',
    help: 'keep state in this SQLite file (default: memory only)',
  }),
  apiKeys: {
    ...list({
      flag: '--api-key',
      env: 'INBOX_HUB_SANDBOX_API_KEY',
      help: "an account's API key; repeat (or comma-separate) for more accounts (default: generated, kept in --data)",
      secret: true,
    }),
    repeatable: true,
  },
  email: text({
    flag: '--email',
    env: 'INBOX_HUB_SANDBOX_EMAIL',
    help: "the first account's login e-mail (default sandbox@example.com)",
  }),
  password: secret({
    exact: true,
    flag: '--password',
    env: 'INBOX_HUB_SANDBOX_PASSWORD',
    help: "the first account's password (default: generated)",
  }),
  autoScan: number({
    flag: '--auto-scan',
    env: 'INBOX_HUB_SANDBOX_AUTO_SCAN',
    min: 0,
    max: 86_400,
    help: 'seconds after /connect when the phone scans each QR by itself (default: never)',
  }),
  latency: integer({
    flag: '--latency',
    env: 'INBOX_HUB_SANDBOX_LATENCY_MS',
    min: 0,
    max: 60_000,
    help: 'milliseconds added to every /api request (default 0)',
  }),
  rateLimit: integer({
    flag: '--rate-limit',
    env: 'INBOX_HUB_SANDBOX_RATE_LIMIT',
    min: 0,
    max: 1_000_000,
    help: 'requests per minute per key, 0 = off (default 600)',
  }),
  qrFirst: number({
    flag: '--qr-first',
    env: 'INBOX_HUB_SANDBOX_QR_FIRST',
    min: 0.001,
    max: 3_600,
    help: 'first QR lifetime in seconds (default 60)',
  }),
  qrNext: number({
    flag: '--qr-next',
    env: 'INBOX_HUB_SANDBOX_QR_NEXT',
    min: 0.001,
    max: 3_600,
    help: 'later QR lifetime in seconds (default 20)',
  }),
  qrMax: integer({
    flag: '--qr-max',
    env: 'INBOX_HUB_SANDBOX_QR_MAX',
    min: 1,
    max: 1_000,
    help: 'QR codes per attempt before "error" (default 5)',
  }),
  json: boolean({
    flag: '--json',
    help: 'print one JSON line with the URL and account instead of the banner',
  }),
  help: boolean({ flag: '--help', alias: '-h', help: 'show this help' }),
};

/** `inbox-hub-sandbox --help`. */
export const USAGE = `Usage: inbox-hub-sandbox [options]

A local Inbox Hub that follows spec/openapi.yaml, with a simulated phone under /sandbox/.

Options (a flag wins over its environment variable):
${describeSettings(SETTINGS)}`;

/**
 * Reads flags, then the `INBOX_HUB_SANDBOX_*` environment variables, in the toolkit's one configuration
 * dialect (`@inbox-hub/config`). This is the only module that reads the environment; `startSandbox` takes
 * explicit options. Throws a `ConfigError` naming the flag or variable and the fix.
 */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): SandboxCliConfig {
  const { values, provided } = readSettings(SETTINGS, { argv, env, command: 'inbox-hub-sandbox' });
  const apiKeys = values.apiKeys ?? [];
  const options: SandboxCliConfig['options'] = { port: values.port, host: values.host };
  if (values.data) options.dataFile = values.data;
  if (apiKeys.length > 0) {
    options.tenants = apiKeys.map((apiKey, index) =>
      index === 0
        ? {
            apiKey,
            ...(values.email ? { email: values.email } : {}),
            ...(values.password ? { password: values.password } : {}),
          }
        : { apiKey },
    );
  } else if (values.email || values.password) {
    throw new ConfigError(
      '--email and --password need --api-key (or INBOX_HUB_SANDBOX_API_KEY) for the same account.',
      '--api-key',
    );
  }
  if (values.autoScan !== undefined) options.autoScanAfterMs = values.autoScan * 1000;
  if (values.latency !== undefined) options.latencyMs = values.latency;
  if (values.rateLimit !== undefined) {
    options.rateLimit = values.rateLimit === 0 ? false : { limit: values.rateLimit, windowMs: 60_000 };
  }
  const qr: NonNullable<SandboxOptions['qr']> = {};
  if (values.qrFirst !== undefined) qr.firstQrMs = values.qrFirst * 1000;
  if (values.qrNext !== undefined) qr.nextQrMs = values.qrNext * 1000;
  if (values.qrMax !== undefined) qr.maxQrs = values.qrMax;
  if (Object.keys(qr).length > 0) options.qr = qr;

  return {
    options,
    json: values.json,
    help: values.help,
    providedApiKey: provided.has('apiKeys'),
    providedPassword: provided.has('password'),
  };
}
