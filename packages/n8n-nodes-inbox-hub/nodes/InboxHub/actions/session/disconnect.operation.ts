import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sessionIdParam } from '../../helpers/validation';
import { apiRequest, type SessionState } from '../../transport';
import { sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['disconnect'] };

/** Disconnect: POST /api/sessions/{sessionId}/disconnect. The session is kept and can reconnect. */
export const description: INodeProperties[] = [{ ...sessionIdProperty, displayOptions: { show } }];

/** Logs one session per item out of WhatsApp Web. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const sessionId = sessionIdParam(this, itemIndex);
  const state = await apiRequest<SessionState>(this, {
    method: 'POST',
    path: `/api/sessions/${encodeURIComponent(sessionId)}/disconnect`,
    itemIndex,
  });
  return [{ json: state as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
