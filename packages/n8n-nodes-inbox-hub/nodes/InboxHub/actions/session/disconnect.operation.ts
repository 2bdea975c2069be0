import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { stateJson } from '../../helpers/output';
import { sessionIdParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['disconnect'] };

/** Disconnect: POST /api/sessions/{sessionId}/disconnect. The session is kept and can reconnect. */
export const description: INodeProperties[] = [{ ...sessionIdProperty, displayOptions: { show } }];

/** Logs one session per item out of WhatsApp Web. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const sessionId = sessionIdParam(this, itemIndex);
  const state = await (await hubFor(this)).sessions.disconnect(sessionId);
  return [{ json: stateJson(state), pairedItem: { item: itemIndex } }];
}
