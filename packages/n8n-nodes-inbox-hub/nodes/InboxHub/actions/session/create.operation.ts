import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { createBodyParam } from '../../helpers/validation';
import { apiRequest, loginToken, type Session } from '../../transport';
import { createFieldsProperty, sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['create'] };

/** Create: POST /api/sessions. The session starts `pending`; Connect issues its QR. */
export const description: INodeProperties[] = [
  { ...sessionIdProperty, displayOptions: { show } },
  { ...createFieldsProperty, displayOptions: { show } },
];

/** Creates one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const body = createBodyParam(this, itemIndex);
  const session = await createSession.call(this, body, itemIndex);
  return [{ json: session as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}

/**
 * Sends the create request, with the bearer JWT when the credential has an e-mail and password. A token
 * refused as expired or invalid is replaced by one new login and the request sent once more, never more.
 */
export async function createSession(
  this: IExecuteFunctions,
  body: IDataObject,
  itemIndex: number,
): Promise<Session> {
  const token = await loginToken(this, itemIndex);
  return await apiRequest<Session>(this, {
    method: 'POST',
    path: '/api/sessions',
    body,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined,
    itemIndex,
    reauthenticate: token
      ? async () => ({ Authorization: `Bearer ${await loginToken(this, itemIndex, true)}` })
      : undefined,
  });
}
