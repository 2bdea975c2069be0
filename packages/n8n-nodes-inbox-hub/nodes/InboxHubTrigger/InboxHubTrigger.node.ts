import { type KnownSessionStatus, WATCH_EVENT_TYPES, type WatchEventType } from '@inbox-hub/client';
import type {
  IDataObject,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
  IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { toNodeError } from '../InboxHub/helpers/errors';
import { hubFor } from '../InboxHub/transport';
import { type ChangeFilters, sampleItem, selectItems, type TriggerState } from './changes';

const STATUSES: KnownSessionStatus[] = ['connected', 'disconnected', 'error', 'pending'];
/** Which events start the workflow; its default is also the fallback when the parameter is unset. */
const EVENTS_PROPERTY: INodeProperties = {
  displayName: 'Events',
  name: 'events',
  type: 'multiOptions',
  default: ['session.status_changed', 'session.qr_expired', 'session.reconnect_loop'],
  description: 'Which events start the workflow',
  options: [
    {
      name: 'Needs New Scan',
      value: 'session.qr_expired',
      description: 'A connection attempt ended with every QR code expired unscanned',
    },
    {
      name: 'New QR Code',
      value: 'session.qr_rotated',
      description: 'A new QR code is waiting to be scanned',
    },
    {
      name: 'Reconnect Loop',
      value: 'session.reconnect_loop',
      description: 'A session kept changing status; the burst comes as one item with the count',
    },
    { name: 'Session Created', value: 'session.created' },
    { name: 'Session Removed', value: 'session.removed' },
    {
      name: 'Stale',
      value: 'session.stale',
      description: 'No activity for the time set in Options > Stale After',
    },
    { name: 'Status Changed', value: 'session.status_changed' },
  ],
};

/**
 * Inbox Hub Trigger: polls the session list (one request per poll, whatever the number of sessions) through
 * the client's watcher and fires once per event: a status change, a number that needs a new scan, a
 * reconnect loop (a burst of changes coalesced into one item), and more on request. The watcher's cursor
 * lives in the workflow's static data; the first poll records the baseline. With "Resync Every", every
 * watched session's current state also goes out periodically, so a workflow whose downstream step failed
 * catches up on the next resync (idempotent for an upsert). In manual mode it returns a sample.
 */
export class InboxHubTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Inbox Hub Trigger',
    name: 'inboxHubTrigger',
    icon: { light: 'file:../../icons/inboxHub.svg', dark: 'file:../../icons/inboxHub.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{"Session events"}}',
    description:
      'Starts the workflow when a WhatsApp session of Inbox Hub connects, drops, fails or needs a new scan',
    defaults: { name: 'Inbox Hub Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'inboxHubApi', required: true }],
    properties: [
      {
        displayName: 'Sessions',
        name: 'watch',
        type: 'options',
        default: 'all',
        options: [
          { name: 'All Sessions', value: 'all' },
          { name: 'Selected Sessions', value: 'selected' },
        ],
      },
      {
        displayName: 'Session IDs',
        name: 'sessionIds',
        type: 'string',
        default: '',
        required: true,
        placeholder: 'e.g. cliente_001, sucursal_madrid',
        description: 'Comma-separated session string IDs to watch',
        displayOptions: { show: { watch: ['selected'] } },
      },
      EVENTS_PROPERTY,
      {
        displayName: 'Statuses',
        name: 'statuses',
        type: 'multiOptions',
        default: ['connected', 'disconnected', 'error'],
        description: 'Fire on status changes into one of these statuses; none selected means any',
        options: [
          { name: 'Connected', value: 'connected' },
          { name: 'Disconnected', value: 'disconnected' },
          { name: 'Error', value: 'error' },
          { name: 'Pending', value: 'pending' },
        ],
      },
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add Option',
        default: {},
        options: [
          {
            displayName: 'Quiet Period (Minutes)',
            name: 'quietMinutes',
            type: 'number',
            default: 0,
            typeOptions: { minValue: 0 },
            description:
              'Do not fire again when the same session reaches the same status within this many minutes (0 fires every change)',
          },
          {
            displayName: 'Reconnect Loop Changes',
            name: 'loopChanges',
            type: 'number',
            default: 3,
            typeOptions: { minValue: 2 },
            description:
              'This many status changes within the loop window make a reconnect loop: later changes are coalesced into one item',
          },
          {
            displayName: 'Reconnect Loop Window (Minutes)',
            name: 'loopWindowMinutes',
            type: 'number',
            default: 1,
            typeOptions: { minValue: 0.01 },
          },
          {
            displayName: 'Resync Every (Minutes)',
            name: 'resyncMinutes',
            type: 'number',
            default: 0,
            typeOptions: { minValue: 0 },
            description:
              "Also emit every watched session's current state this often (event session.snapshot), so a failed downstream step catches up; 0 turns it off",
          },
          {
            displayName: 'Stale After (Hours)',
            name: 'staleHours',
            type: 'number',
            default: 0,
            typeOptions: { minValue: 0 },
            description: 'With the Stale event: hours without activity before it fires (0 turns it off)',
          },
        ],
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const { filters, options } = readParameters(this);
    const state = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
    const now = new Date();
    try {
      const hub = await hubFor(this);
      if (this.getMode() === 'manual') {
        // A sample to map fields with; the static data (and so the baseline) is left untouched.
        const sample = sampleItem(state, (await hub.sessions.list()).sessions, filters, now);
        if (!sample) {
          throw new NodeOperationError(this.getNode(), 'No session to build a sample event from.', {
            description:
              'The account has no session the "Sessions" filter watches. Create one (Inbox Hub node, Create) or widen the filter, then fetch a test event again.',
          });
        }
        return [[{ json: { ...sample, sample: true } }]];
      }

      const watcher = hub.watch({
        cursor: state.cursor,
        reconnectLoop: { changes: options.loopChanges, windowMs: toMs(options.loopWindowMinutes * 60_000) },
        staleAfterMs: options.staleHours > 0 ? toMs(options.staleHours * 3_600_000) : undefined,
        resyncEveryMs: options.resyncMinutes > 0 ? toMs(options.resyncMinutes * 60_000) : undefined,
      });
      const events = await watcher.poll();
      state.cursor = watcher.cursor;
      const items = selectItems(state, events, filters, now);
      return items.length > 0 ? [items.map((json) => ({ json }))] : null;
    } catch (error) {
      throw toNodeError(this.getNode(), error);
    }
  }
}

/** Whole milliseconds, at least one: the watcher's periods are integers. */
const toMs = (value: number) => Math.max(1, Math.round(value));

function readParameters(ctx: IPollFunctions) {
  const watch = ctx.getNodeParameter('watch', 'all') as string;
  const sessionIds =
    watch === 'selected'
      ? String(ctx.getNodeParameter('sessionIds', ''))
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  if (watch === 'selected' && sessionIds.length === 0) {
    throw new NodeOperationError(ctx.getNode(), 'Invalid "Session IDs" parameter: it is empty.', {
      description: 'List at least one session string ID, such as "cliente_001", or choose "All Sessions".',
    });
  }
  const statuses = (ctx.getNodeParameter('statuses', []) as string[]).filter((s): s is KnownSessionStatus =>
    STATUSES.includes(s as KnownSessionStatus),
  );
  const events = (ctx.getNodeParameter('events', EVENTS_PROPERTY.default) as string[]).filter(
    (e): e is WatchEventType => WATCH_EVENT_TYPES.includes(e as WatchEventType),
  );
  const raw = ctx.getNodeParameter('options', {}) as Record<string, number | undefined>;
  const num = (value: number | undefined, fallback: number, min: number) =>
    Number.isFinite(Number(value)) && Number(value) >= min ? Number(value) : fallback;
  const options = {
    loopChanges: Math.floor(num(raw.loopChanges, 3, 2)),
    loopWindowMinutes: num(raw.loopWindowMinutes, 1, 0.01),
    resyncMinutes: num(raw.resyncMinutes, 0, 0),
    staleHours: num(raw.staleHours, 0, 0),
  };
  const filters: ChangeFilters = { sessionIds, statuses, events, quietMinutes: num(raw.quietMinutes, 0, 0) };
  return { filters, options };
}
