/**
 * `inbox-hub-relay outbox list | replay | purge`: the operator's view of the outbox. It opens the same
 * storage as the relay (the same settings), so it works while relays are running.
 */
import { boolean, ConfigError, describeSettings, integer, readSettings, text } from '@inbox-hub/config';
import { readStorage, storageSpec } from '../config.js';
import { openOutbox } from '../storage/open.js';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type Outbox } from '../storage/outbox.js';
import { parseDuration } from './duration.js';
import type { Io } from './io.js';

type Env = Readonly<Record<string, string | undefined>>;

const listSpec = {
  ...storageSpec,
  status: text({ flag: '--status', help: `only deliveries in this status: ${DELIVERY_STATUSES.join(', ')}` }),
  endpoint: text({ flag: '--endpoint', help: 'only deliveries to this endpoint' }),
  limit: integer({
    flag: '--limit',
    default: 50,
    min: 1,
    max: 100_000,
    help: 'at most this many, newest first (default 50)',
  }),
  json: boolean({ flag: '--json', help: 'print JSON' }),
};
const replaySpec = {
  ...storageSpec,
  allDead: boolean({ flag: '--all-dead', help: 'replay every dead delivery' }),
};
const purgeSpec = {
  ...storageSpec,
  delivered: boolean({ flag: '--delivered', help: 'delete delivered deliveries' }),
  dead: boolean({ flag: '--dead', help: 'delete dead deliveries' }),
  olderThan: text({
    flag: '--older-than',
    help: 'only those last touched before this long ago: 7d, 12h, 30m',
  }),
};

/** `inbox-hub-relay outbox --help`. */
export function outboxUsage(): string {
  return `inbox-hub-relay outbox: list, replay and purge the relay's deliveries.

  inbox-hub-relay outbox list [options]
${describeSettings(listSpec)}

  inbox-hub-relay outbox replay <id>... | --all-dead
    Queues dead (or delivered) deliveries again, due now, attempts reset. Same webhook-id as before.

  inbox-hub-relay outbox purge --delivered|--dead --older-than DURATION
    Deletes those deliveries, and the events left without any, last touched before DURATION ago.`;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

function table(rows: readonly Delivery[]): string {
  const header = ['ID', 'STATUS', 'ENDPOINT', 'ATTEMPTS', 'EVENT', 'SESSION', 'WHEN', 'LAST'];
  const lines = rows.map((d) => [
    String(d.id),
    d.status,
    d.endpoint,
    String(d.attempts),
    d.eventType,
    d.sessionId,
    d.status === 'delivered'
      ? iso(d.deliveredAt)
      : d.status === 'pending'
        ? `due ${iso(d.nextAttemptAt)}`
        : iso(d.updatedAt),
    d.lastError ?? (d.lastStatus === null ? '' : String(d.lastStatus)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

async function withOutbox<T>(
  values: { db: string; databaseUrl: string | undefined },
  run: (o: Outbox) => Promise<T>,
) {
  const outbox = await openOutbox(readStorage(values));
  try {
    return await run(outbox);
  } finally {
    await outbox.close();
  }
}

/** Runs `outbox <sub> ...`; returns the exit code. Throws ConfigError for bad usage (exit 2). */
export async function runOutboxCommand(
  argv: readonly string[],
  env: Env,
  io: Io,
  now = Date.now(),
): Promise<number> {
  const [sub, ...rest] = argv;
  const command = 'inbox-hub-relay outbox';
  if (
    sub === undefined ||
    sub === '--help' ||
    sub === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.out(outboxUsage());
    return 0;
  }
  if (sub === 'list') {
    const { values } = readSettings(listSpec, { argv: rest, env, command });
    const status = values.status as DeliveryStatus | undefined;
    if (status !== undefined && !DELIVERY_STATUSES.includes(status)) {
      throw new ConfigError(
        `--status must be one of ${DELIVERY_STATUSES.join(', ')}, got "${String(status).slice(0, 30)}".`,
        '--status',
      );
    }
    return withOutbox(values, async (outbox) => {
      const rows = await outbox.list({ status, endpoint: values.endpoint, limit: values.limit });
      if (values.json) {
        io.out(JSON.stringify(rows, null, 2));
        return 0;
      }
      const counts = await outbox.counts();
      io.out(`${DELIVERY_STATUSES.map((s) => `${counts[s]} ${s}`).join(', ')}.`);
      io.out(rows.length === 0 ? 'No deliveries match.' : table(rows));
      return 0;
    });
  }
  if (sub === 'replay') {
    const { values, positionals } = readSettings(replaySpec, { argv: rest, env, command, positionals: true });
    if (values.allDead === positionals.length > 0) {
      throw new ConfigError(
        'outbox replay takes delivery ids (from outbox list) or --all-dead, one of the two.',
      );
    }
    const ids = positionals.map((p) => {
      if (!/^\d{1,15}$/.test(p))
        throw new ConfigError(`"${p.slice(0, 30)}" is not a delivery id: use the ID column of outbox list.`);
      return Number(p);
    });
    return withOutbox(values, async (outbox) => {
      const queued = await outbox.replay(values.allDead ? { allDead: true } : { ids }, now);
      io.out(
        queued.length === 0
          ? 'Nothing to replay.'
          : `Queued ${queued.length} ${queued.length === 1 ? 'delivery' : 'deliveries'} again: ${queued.join(', ')}.`,
      );
      const skipped = ids.filter((id) => !queued.includes(id));
      if (skipped.length > 0) {
        io.err(`Not replayed (unknown, or still pending or delivering): ${skipped.join(', ')}.`);
        return 1;
      }
      return 0;
    });
  }
  if (sub === 'purge') {
    const { values } = readSettings(purgeSpec, { argv: rest, env, command });
    if (!values.delivered && !values.dead) {
      throw new ConfigError(
        'outbox purge needs --delivered, --dead or both: it never deletes deliveries still on their way.',
      );
    }
    const olderThan = values.olderThan === undefined ? undefined : parseDuration(values.olderThan);
    if (olderThan === undefined) {
      throw new ConfigError('--older-than is required: a duration such as 7d, 12h or 30m.', '--older-than');
    }
    const statuses = [
      ...(values.delivered ? ['delivered' as const] : []),
      ...(values.dead ? ['dead' as const] : []),
    ];
    return withOutbox(values, async (outbox) => {
      const before = now - olderThan;
      const purged = await outbox.purge({ statuses, before });
      io.out(
        `Deleted ${purged.deliveries} ${statuses.join(' and ')} ${purged.deliveries === 1 ? 'delivery' : 'deliveries'} and ${purged.events} ${purged.events === 1 ? 'event' : 'events'} last touched before ${iso(before)}.`,
      );
      return 0;
    });
  }
  throw new ConfigError(
    `Unknown outbox command "${sub.slice(0, 30)}": use list, replay or purge (inbox-hub-relay outbox --help).`,
  );
}
