import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { createBodyParam } from '../../helpers/validation';
import { apiErrorCode, apiRequest, loginToken, type Session } from '../../transport';
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
  const send = (token: string | undefined) =>
    apiRequest<Session>(this, {
      method: 'POST',
      path: '/api/sessions',
      body,
      headers: token ? { Authorization: `Bearer ${token}` } : undefined,
      itemIndex,
    });
  const token = await loginToken(this, itemIndex);
  try {
    return await send(token);
  } catch (error) {
    const code = apiErrorCode(error);
    if (!token || (code !== 'TOKEN_EXPIRED' && code !== 'INVALID_TOKEN')) throw error;
    return await send(await loginToken(this, itemIndex, true));
  }
}
