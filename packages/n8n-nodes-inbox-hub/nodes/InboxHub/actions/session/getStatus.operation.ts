import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { statusJson } from '../../helpers/output';
import { dbIdParam, sessionIdParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['getStatus'] };

/**
 * Get Status: GET /api/sessions/{id}/status. The route takes the numeric database id; "Session ID"
 * mode looks that id up in the session list first, so an AI agent can pass the string id it knows.
 */
export const description: INodeProperties[] = [
  {
    displayName: 'Find Session By',
    name: 'findBy',
    type: 'options',
    default: 'id',
    displayOptions: { show },
    options: [
      { name: 'Database ID', value: 'id', description: 'The numeric ID that Create and Get Many return' },
      { name: 'Session ID', value: 'sessionId', description: 'The string ID, looked up in the session list' },
    ],
  },
  {
    displayName: 'Session Database ID',
    name: 'id',
    type: 'number',
    required: true,
    default: 0,
    typeOptions: { minValue: 1, numberPrecision: 0 },
    description: "The numeric ID of the session, as Create and Get Many return it (the guide's dbId)",
    displayOptions: { show: { ...show, findBy: ['id'] } },
  },
  { ...sessionIdProperty, displayOptions: { show: { ...show, findBy: ['sessionId'] } } },
];

/** Reads the status of one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const findBy = this.getNodeParameter('findBy', itemIndex, 'id') as string;
  // By Session ID the client looks the database id up in the session list itself.
  const ref = findBy === 'sessionId' ? sessionIdParam(this, itemIndex) : { id: dbIdParam(this, itemIndex) };
  const info = await (await hubFor(this)).sessions.getStatus(ref);
  return [{ json: statusJson(info), pairedItem: { item: itemIndex } }];
}
