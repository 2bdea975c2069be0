import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sessionJson } from '../../helpers/output';
import { createBodyParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { createFieldsProperty, sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['create'] };

/** Create: POST /api/sessions. The session starts `pending`; Connect issues its QR. */
export const description: INodeProperties[] = [
  { ...sessionIdProperty, displayOptions: { show } },
  { ...createFieldsProperty, displayOptions: { show } },
];

/**
 * Creates one session per item. With an e-mail and password in the credential, the client logs in once
 * per execution and sends the bearer JWT, as the guide's flow does; a retried create that meets its own
 * first attempt returns that session.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const input = createBodyParam(this, itemIndex);
  const session = await (await hubFor(this)).sessions.create(input);
  return [{ json: sessionJson(session), pairedItem: { item: itemIndex } }];
}
