import { parseArgs } from 'node:util';
import { ApiError, InboxHub, isInboxHubError } from '@inbox-hub/client';
import { ConfigError, readSettings, secret, text, url } from '@inbox-hub/config';
import { connect } from './commands/connect.js';
import { create } from './commands/create.js';
import { disconnect } from './commands/disconnect.js';
import { list } from './commands/list.js';
import { qr } from './commands/qr.js';
import { reconnect } from './commands/reconnect.js';
import { status } from './commands/status.js';
import type { Command, Flags } from './commands/types.js';
import { wait } from './commands/wait.js';
import { ExitCode, exitCodeFor, UsageError } from './exit-codes.js';
import { type Io, note, printJson } from './io.js';
import { line } from './terminal-text.js';

/** `inbox-hub --help`. */
export const USAGE = `Usage: inbox-hub sessions <command> [options]

Commands:
  create <sessionId> [--phone N] [--name S] [--description S]   create a session (pending)
  list                                                           list the account's sessions
  qr <sessionId> [--out FILE] [--no-connect]                     show the QR in the terminal (starts the
                                                                 connection when there is none), or save the PNG
  status <sessionId>                                             show a session's status
  wait <sessionId> [--timeout SECS] [--interval SECS]            wait for the scan, redrawing the QR as it rotates
  connect <sessionId>                                            start the connection without showing the QR
  disconnect <sessionId>                                         log a session out
  reconnect --all-disconnected [--include-error] [--concurrency N] [--out-dir DIR] [--show-qr]
                                                                 reconnect every disconnected session, new QRs

Options:
  --json       print JSON on stdout (errors too: { "error": { ... } })
  -h, --help   show this help

Configuration (environment): INBOX_HUB_BASE_URL, INBOX_HUB_API_KEY, and optionally INBOX_HUB_EMAIL and
INBOX_HUB_PASSWORD (then session creation also sends a bearer token, as in the guide's step-by-step flow).

Exit codes: 0 ok, 2 usage, 3 configuration, 4 not found, 5 conflict, 6 QR expired, 7 invalid input,
8 authentication, 9 rate limited, 10 server unavailable or timeout, 11 the session ended in error or
disconnected while waiting, 12 wait timed out, 13 some reconnects failed, 130 interrupted, 1 anything else.`;

const COMMANDS: Record<string, Command> = { create, list, qr, status, wait, connect, disconnect, reconnect };

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        phone: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        out: { type: 'string' },
        'out-dir': { type: 'string' },
        'no-connect': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        interval: { type: 'string' },
        'all-disconnected': { type: 'boolean', default: false },
        'include-error': { type: 'boolean', default: false },
        'show-qr': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The environment the CLI reads, in the toolkit's one configuration dialect (`@inbox-hub/config`). */
const ENV_SETTINGS = {
  baseUrl: url({
    env: 'INBOX_HUB_BASE_URL',
    example: 'https://api.inbox-hub.com',
    required: "set it to the API's URL, such as https://api.inbox-hub.com.",
    help: 'the Inbox Hub API',
  }),
  apiKey: secret({
    env: 'INBOX_HUB_API_KEY',
    required: 'set it to your Inbox Hub API key.',
    help: 'the API key',
  }),
  email: text({ env: 'INBOX_HUB_EMAIL', help: 'the account e-mail (optional, with the password)' }),
  password: secret({
    exact: true,
    env: 'INBOX_HUB_PASSWORD',
    help: 'the account password (optional, with the e-mail)',
  }),
};

function hubFromEnv(env: Record<string, string | undefined>): InboxHub {
  const { values } = readSettings(ENV_SETTINGS, { env, command: 'inbox-hub' });
  if (Boolean(values.email) !== Boolean(values.password)) {
    throw new ConfigError(
      `${values.email ? 'INBOX_HUB_PASSWORD' : 'INBOX_HUB_EMAIL'} is not set: set both INBOX_HUB_EMAIL and INBOX_HUB_PASSWORD, or neither.`,
    );
  }
  try {
    return new InboxHub(values);
  } catch (error) {
    if (isInboxHubError(error) && error.kind === 'configuration') throw new ConfigError(error.message);
    throw error;
  }
}

function reportError(io: Io, error: unknown, code: number): void {
  const message = error instanceof Error ? error.message : String(error);
  if (io.json) {
    const api =
      error instanceof ApiError ? { status: error.status, code: error.code, requestId: error.requestId } : {};
    printJson(io, { error: { ...api, message, exitCode: code } });
  }
  note(io, line`inbox-hub: ${message}`);
  if (code === ExitCode.usage) note(io, line`Run "inbox-hub --help" for the commands.`);
}

/** Runs the CLI and resolves with the exit code. Nothing here calls `process.exit`, so it can be tested in-process. */
export async function run(argv: string[], base: Omit<Io, 'json'>, signal: AbortSignal): Promise<number> {
  const io: Io = { ...base, json: argv.includes('--json') };
  try {
    const { values, positionals } = parse(argv);
    if (values.help || positionals.length === 0) {
      io.stdout.write(`${USAGE}\n`);
      return positionals.length === 0 && !values.help ? ExitCode.usage : ExitCode.ok;
    }
    const [group, name, ...args] = positionals;
    const command = group === 'sessions' && name ? COMMANDS[name] : undefined;
    if (!command) {
      throw new UsageError(
        group === 'sessions'
          ? `Unknown command "sessions ${name ?? ''}". Commands: ${Object.keys(COMMANDS).join(', ')}.`
          : `Unknown command "${group}". Every command starts with "sessions", for example: inbox-hub sessions list`,
      );
    }
    const { 'no-connect': noConnect, ...rest } = values;
    const flags: Flags = { ...rest, json: io.json, connect: !noConnect } as Flags;
    return await command({ hub: hubFromEnv(io.env), io, args, flags, signal });
  } catch (error) {
    const code = exitCodeFor(error);
    reportError(io, error, code);
    return code;
  }
}
