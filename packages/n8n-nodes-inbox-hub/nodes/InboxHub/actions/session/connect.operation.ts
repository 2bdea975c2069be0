import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { stateJson } from '../../helpers/output';
import { sessionIdParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['connect'] };

/** Connect: POST /api/sessions/{sessionId}/connect, which issues a fresh QR. */
export const description: INodeProperties[] = [{ ...sessionIdProperty, displayOptions: { show } }];

/** Starts (or restarts) the connection of one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const sessionId = sessionIdParam(this, itemIndex);
  const state = await (await hubFor(this)).sessions.connect(sessionId);
  return [{ json: stateJson(state), pairedItem: { item: itemIndex } }];
}
