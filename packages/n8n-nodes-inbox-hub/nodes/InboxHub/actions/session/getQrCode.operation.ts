import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyParam, qrOutput } from '../../helpers/output';
import { sessionIdParam } from '../../helpers/validation';
import { apiRequest, type QrCodePayload } from '../../transport';
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
  const payload = await fetchQr.call(this, sessionId, itemIndex);
  const qr = await qrOutput(this, payload, sessionId, binaryProperty);
  return [{ json: qr.json, binary: qr.binary, pairedItem: { item: itemIndex } }];
}

/** Sends the QR request. */
export async function fetchQr(
  this: IExecuteFunctions,
  sessionId: string,
  itemIndex: number,
): Promise<QrCodePayload> {
  return await apiRequest<QrCodePayload>(this, {
    method: 'GET',
    path: `/api/sessions/${encodeURIComponent(sessionId)}/qr`,
    itemIndex,
  });
}
