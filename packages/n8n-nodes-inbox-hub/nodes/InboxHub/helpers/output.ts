/**
 * Shapes of the items the actions return, and the continueOnFail error item.
 */
import { normalizeQr } from '@inbox-hub/client';
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { QrCodePayload } from '../transport';

/** The JSON and binary of a fetched QR code. */
export interface QrOutput {
  json: IDataObject;
  binary: Record<string, IBinaryData>;
}

/**
 * Turns the API's QR payload (a data URL or raw base64) into n8n binary data (the PNG) plus JSON an AI
 * agent can use without the binary: the data URL, when it expires and the session's status.
 */
export async function qrOutput(
  ctx: IExecuteFunctions,
  payload: QrCodePayload,
  sessionId: string,
  binaryProperty: string,
): Promise<QrOutput> {
  let qr: ReturnType<typeof normalizeQr>;
  try {
    qr = normalizeQr(payload);
  } catch (error) {
    throw new NodeApiError(
      ctx.getNode(),
      { success: false, code: 'INVALID_RESPONSE', message: (error as Error).message },
      { message: (error as Error).message },
    );
  }
  const fileName = `${qr.sessionId ?? sessionId}-qr.png`;
  const binary = await ctx.helpers.prepareBinaryData(Buffer.from(qr.png()), fileName, 'image/png');
  return {
    json: {
      sessionId: qr.sessionId ?? sessionId,
      status: qr.status,
      expiresAt: qr.expiresAt.toISOString(),
      qrCode: qr.dataUrl,
      binaryProperty,
      fileName,
    },
    binary: { [binaryProperty]: binary },
  };
}

/** Reads the name of the binary property the QR goes into, refusing an empty one before any request. */
export function binaryPropertyParam(ctx: IExecuteFunctions, itemIndex: number): string {
  const name = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
  if (!name) {
    throw new NodeOperationError(
      ctx.getNode(),
      'Invalid "Put Output File in Field" parameter: it is empty.',
      {
        itemIndex,
        description: 'Name the binary property the QR code PNG goes into, for example "data".',
      },
    );
  }
  return name;
}

/**
 * The item continueOnFail emits for a failed input item: the message, the API's code and HTTP status
 * when there is one. It never carries the request, so no secret reaches the workflow.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
  const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
  if (error instanceof NodeApiError) {
    const code = (error.errorResponse as IDataObject | undefined)?.code;
    if (typeof code === 'string') json.code = code;
    if (error.httpCode) json.httpCode = error.httpCode;
    if (error.description) json.description = error.description;
  } else if (error instanceof NodeOperationError && error.description) {
    json.description = error.description;
  }
  return { json, pairedItem: { item: itemIndex } };
}
