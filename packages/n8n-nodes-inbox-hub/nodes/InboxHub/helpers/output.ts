/**
 * Shapes of the items the actions return, and the continueOnFail error item. Items keep the API's own
 * JSON field names and ISO dates (the client's typed objects are mapped back), so workflows built on the
 * API's documentation read them as it describes.
 */
import type { QrCode, Session, SessionState, SessionStatusInfo } from '@inbox-hub/client';
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A session as the API's JSON: `status` is `unknown` for a value the API never listed, `rawStatus` says which. */
export function sessionJson(session: Session): IDataObject {
  return {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    description: session.description,
    phoneNumber: session.phoneNumber,
    status: session.status,
    rawStatus: session.rawStatus,
    qrCode: session.qrBase64,
    lastActivity: iso(session.lastActivity),
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  };
}

/** The result of Connect and Disconnect. */
export function stateJson(state: SessionState): IDataObject {
  return { sessionId: state.sessionId, status: state.status, rawStatus: state.rawStatus };
}

/** The result of Get Status. */
export function statusJson(info: SessionStatusInfo): IDataObject {
  return {
    id: info.id,
    sessionId: info.sessionId,
    status: info.status,
    rawStatus: info.rawStatus,
    phoneNumber: info.phoneNumber,
    isConnected: info.isConnected,
    hasQR: info.hasQR,
    lastActivity: iso(info.lastActivity),
  };
}

/** The JSON and binary of a fetched QR code. */
export interface QrOutput {
  json: IDataObject;
  binary: Record<string, IBinaryData>;
}

/**
 * Turns a QR (already normalised by the client) into n8n binary data (the PNG) plus JSON an AI agent can
 * use without the binary: the data URL, when it expires and the session's status.
 */
export async function qrOutput(
  ctx: IExecuteFunctions,
  qr: QrCode,
  sessionId: string,
  binaryProperty: string,
): Promise<QrOutput> {
  const fileName = `${qr.sessionId ?? sessionId}-qr.png`;
  const binary = await ctx.helpers.prepareBinaryData(Buffer.from(qr.png()), fileName, 'image/png');
  return {
    json: {
      sessionId: qr.sessionId ?? sessionId,
      status: qr.status,
      rawStatus: qr.rawStatus,
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
