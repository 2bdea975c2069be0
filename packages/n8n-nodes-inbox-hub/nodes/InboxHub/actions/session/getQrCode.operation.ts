import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyParam, qrOutput } from '../../helpers/output';
import { sessionIdParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { binaryPropertyProperty, sessionIdProperty } from './common';

const show = { resource: ['session'], operation: ['getQrCode'] };

/** Get QR Code: GET /api/sessions/{sessionId}/qr, as a PNG binary plus its data URL and expiry. */
export const description: INodeProperties[] = [
  { ...sessionIdProperty, displayOptions: { show } },
  { ...binaryPropertyProperty, displayOptions: { show } },
];

/** Fetches the current QR of one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const sessionId = sessionIdParam(this, itemIndex);
  const binaryProperty = binaryPropertyParam(this, itemIndex);
  const qr = await (await hubFor(this)).sessions.getQr(sessionId);
  const output = await qrOutput(this, qr, sessionId, binaryProperty);
  return [{ json: output.json, binary: output.binary, pairedItem: { item: itemIndex } }];
}
