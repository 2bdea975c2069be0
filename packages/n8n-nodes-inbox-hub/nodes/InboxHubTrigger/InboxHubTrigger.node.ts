import type { KnownSessionStatus } from '@inbox-hub/client';
import type {
  IDataObject,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
  IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { toNodeError } from '../InboxHub/helpers/errors';
import { hubFor } from '../InboxHub/transport';
import { type ChangeFilters, detectChanges, sampleChange, type TriggerState } from './changes';

const STATUSES: KnownSessionStatus[] = ['connected', 'disconnected', 'error', 'pending'];

/**
 * Inbox Hub Trigger: polls the session list and fires once per status change. The first poll records
 * the baseline; the last seen statuses live in the workflow's static data, so a change fires once and a
 * reconnect loop does not flood the workflow. In manual mode it returns a sample built from a session.
 */
export class InboxHubTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Inbox Hub Trigger',
    name: 'inboxHubTrigger',
    icon: { light: 'file:../../icons/inboxHub.svg', dark: 'file:../../icons/inboxHub.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{"Session status changes"}}',
    description: 'Starts the workflow when a WhatsApp session of Inbox Hub connects, drops or fails',
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
      {
        displayName: 'Statuses',
        name: 'statuses',
        type: 'multiOptions',
        default: ['connected', 'disconnected', 'error'],
        description: 'Fire when a session changes into one of these statuses; none selected means any',
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
        ],
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const filters = readFilters(this);
    const list = await (await hubFor(this)).sessions.list().catch((error: unknown) => {
      throw toNodeError(this.getNode(), error);
    });
    const state = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
    const now = new Date();

    if (this.getMode() === 'manual') {
      // A sample to map fields with; the static data (and so the baseline) is left untouched.
      const sample = sampleChange(state, list.sessions, filters, now);
      if (!sample) {
        throw new NodeOperationError(this.getNode(), 'No session to build a sample event from.', {
          description:
            'The account has no session the "Sessions" filter watches. Create one (Inbox Hub node, Create) or widen the filter, then fetch a test event again.',
        });
      }
      return [[{ json: { ...sample, sample: true } }]];
    }

    const { changes } = detectChanges(state, list.sessions, filters, now);
    if (changes.length === 0) return null;
    return [changes.map((change) => ({ json: change }))];
  }
}

function readFilters(ctx: IPollFunctions): ChangeFilters {
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
  const options = ctx.getNodeParameter('options', {}) as { quietMinutes?: number };
  return { sessionIds, statuses, quietMinutes: Number(options.quietMinutes ?? 0) || 0 };
}
