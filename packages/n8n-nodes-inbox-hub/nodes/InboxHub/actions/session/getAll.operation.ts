import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sessionJson } from '../../helpers/output';
import { hubFor } from '../../transport';

const show = { resource: ['session'], operation: ['getAll'] };

/** Get Many: GET /api/sessions, one item per session. */
export const description: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
    displayOptions: { show },
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    default: 50,
    typeOptions: { minValue: 1 },
    description: 'Max number of results to return',
    displayOptions: { show: { ...show, returnAll: [false] } },
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show },
    options: [
      {
        displayName: 'Status',
        name: 'status',
        type: 'multiOptions',
        default: [],
        description: 'Only sessions in one of these statuses',
        options: [
          { name: 'Connected', value: 'connected' },
          { name: 'Disconnected', value: 'disconnected' },
          { name: 'Error', value: 'error' },
          { name: 'Pending', value: 'pending' },
        ],
      },
    ],
  },
];

/** Lists the account's sessions; the API returns them all at once, so Limit is applied here. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
  const limit = returnAll
    ? Number.POSITIVE_INFINITY
    : (this.getNodeParameter('limit', itemIndex, 50) as number);
  const filters = this.getNodeParameter('filters', itemIndex, {}) as { status?: string[] };
  const list = await (await hubFor(this)).sessions.list();
  const statuses = filters.status ?? [];
  return list.sessions
    .filter((s) => statuses.length === 0 || statuses.includes(s.status))
    .slice(0, limit)
    .map((session) => ({ json: sessionJson(session), pairedItem: { item: itemIndex } }));
}
