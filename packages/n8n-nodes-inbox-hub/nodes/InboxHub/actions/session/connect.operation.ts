import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sessionIdParam } from '../../helpers/validation';
import { apiRequest, type SessionState } from '../../transport';
import { sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['connect'] };

/** Connect: POST /api/sessions/{sessionId}/connect, which issues a fresh QR. */
export const description: INodeProperties[] = [{ ...sessionIdProperty, displayOptions: { show } }];

/** Starts (or restarts) the connection of one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const sessionId = sessionIdParam(this, itemIndex);
  const state = await connectSession.call(this, sessionId, itemIndex);
  return [{ json: state as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}

/** Sends the connect request. */
export async function connectSession(
  this: IExecuteFunctions,
  sessionId: string,
  itemIndex: number,
): Promise<SessionState> {
  return await apiRequest<SessionState>(this, {
    method: 'POST',
    path: `/api/sessions/${encodeURIComponent(sessionId)}/connect`,
    itemIndex,
  });
}
