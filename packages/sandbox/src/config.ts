import { parseArgs } from 'node:util';
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

/** `inbox-hub-sandbox --help`. */
export const USAGE = `Usage: inbox-hub-sandbox [options]

A local Inbox Hub that follows spec/openapi.yaml, with a simulated phone under /sandbox/.

Options (each also read from the environment variable shown):
  --port N            port to listen on (INBOX_HUB_SANDBOX_PORT, default 4010; 0 = any free port)
  --host HOST         interface (INBOX_HUB_SANDBOX_HOST, default 127.0.0.1)
  --data FILE         keep state in this SQLite file (INBOX_HUB_SANDBOX_DATA; default: memory only)
  --api-key KEY       an account's API key; repeat for more accounts (INBOX_HUB_SANDBOX_API_KEY,
                      comma-separated; default: generated on first start and kept in --data)
  --email EMAIL       the first account's login e-mail (INBOX_HUB_SANDBOX_EMAIL, default sandbox@example.com)
  --password PASS     the first account's password (INBOX_HUB_SANDBOX_PASSWORD, default: generated)
  --auto-scan SECS    the phone scans each QR this long after /connect (INBOX_HUB_SANDBOX_AUTO_SCAN)
  --latency MS        delay added to every /api request (INBOX_HUB_SANDBOX_LATENCY_MS, default 0)
  --rate-limit N      requests per minute per key, 0 = off (INBOX_HUB_SANDBOX_RATE_LIMIT, default 600)
  --qr-first SECS     first QR lifetime (INBOX_HUB_SANDBOX_QR_FIRST, default 60)
  --qr-next SECS      later QR lifetime (INBOX_HUB_SANDBOX_QR_NEXT, default 20)
  --qr-max N          QR codes per attempt before "error" (INBOX_HUB_SANDBOX_QR_MAX, default 5)
  --json              print one JSON line with the URL and account instead of the banner
  -h, --help          show this help`;

function numberSetting(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min}, got "${raw}".`);
  return value;
}

/**
 * Reads flags, then the `INBOX_HUB_SANDBOX_*` environment variables. This is the only module that reads
 * the environment; `startSandbox` takes explicit options.
 */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): SandboxCliConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      email: { type: 'string' },
      password: { type: 'string' },
      'auto-scan': { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      'qr-first': { type: 'string' },
      'qr-next': { type: 'string' },
      'qr-max': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const pick = (flag: string | undefined, name: string) => flag ?? env[`INBOX_HUB_SANDBOX_${name}`];
  const apiKeys =
    values['api-key'] ??
    (env.INBOX_HUB_SANDBOX_API_KEY?.split(',')
      .map((k) => k.trim())
      .filter(Boolean) ||
      []);
  const email = pick(values.email, 'EMAIL');
  const password = pick(values.password, 'PASSWORD');
  const seconds = (flag: string | undefined, name: string, min: number) => {
    const value = numberSetting(`--${name.toLowerCase().replace(/_/g, '-')}`, pick(flag, name), min);
    return value === undefined ? undefined : value * 1000;
  };

  const options: SandboxCliConfig['options'] = {
    port: numberSetting('--port', pick(values.port, 'PORT'), 0) ?? 4010,
    host: pick(values.host, 'HOST') ?? '127.0.0.1',
  };
  const dataFile = pick(values.data, 'DATA');
  if (dataFile) options.dataFile = dataFile;
  if (apiKeys.length > 0) {
    options.tenants = apiKeys.map((apiKey, index) =>
      index === 0 ? { apiKey, ...(email ? { email } : {}), ...(password ? { password } : {}) } : { apiKey },
    );
  } else if (email || password) {
    throw new Error(
      '--email and --password need --api-key (or INBOX_HUB_SANDBOX_API_KEY) for the same account.',
    );
  }
  const autoScan = seconds(values['auto-scan'], 'AUTO_SCAN', 0);
  if (autoScan !== undefined) options.autoScanAfterMs = autoScan;
  const latency = numberSetting('--latency', pick(values.latency, 'LATENCY_MS'), 0);
  if (latency !== undefined) options.latencyMs = latency;
  const rate = numberSetting('--rate-limit', pick(values['rate-limit'], 'RATE_LIMIT'), 0);
  if (rate !== undefined) options.rateLimit = rate === 0 ? false : { limit: rate, windowMs: 60_000 };
  const qr: NonNullable<SandboxOptions['qr']> = {};
  const first = seconds(values['qr-first'], 'QR_FIRST', 0.001);
  const next = seconds(values['qr-next'], 'QR_NEXT', 0.001);
  const max = numberSetting('--qr-max', pick(values['qr-max'], 'QR_MAX'), 1);
  if (first !== undefined) qr.firstQrMs = first;
  if (next !== undefined) qr.nextQrMs = next;
  if (max !== undefined) qr.maxQrs = Math.floor(max);
  if (Object.keys(qr).length > 0) options.qr = qr;

  return {
    options,
    json: values.json ?? false,
    help: values.help ?? false,
    providedApiKey: apiKeys.length > 0,
    providedPassword: Boolean(password),
  };
}
