import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { dbIdParam, sessionIdParam } from '../../helpers/validation';
import { apiRequest, type SessionList, type SessionStatusInfo } from '../../transport';
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
  let id: number;
  if (findBy === 'sessionId') {
    const sessionId = sessionIdParam(this, itemIndex);
    const list = await apiRequest<SessionList>(this, { method: 'GET', path: '/api/sessions', itemIndex });
    const found = list.sessions.find((s) => s.sessionId === sessionId);
    if (!found) {
      throw new NodeOperationError(this.getNode(), `No session "${sessionId}" in this account.`, {
        itemIndex,
        description: 'Check the Session ID, or create the session first.',
      });
    }
    id = found.id;
  } else {
    id = dbIdParam(this, itemIndex);
  }
  const info = await apiRequest<SessionStatusInfo>(this, {
    method: 'GET',
    path: `/api/sessions/${id}/status`,
    itemIndex,
  });
  return [{ json: { id, ...info } as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
