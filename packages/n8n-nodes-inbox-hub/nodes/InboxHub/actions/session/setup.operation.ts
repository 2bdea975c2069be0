import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { binaryPropertyParam, qrOutput } from '../../helpers/output';
import { createBodyParam } from '../../helpers/validation';
import { apiRequest, type Session, type SessionList } from '../../transport';
import { binaryPropertyProperty, createFieldsProperty, sessionIdProperty } from './common';
import { connectSession } from './connect.operation';
import { createSession } from './create.operation';
import { fetchQr } from './getQrCode.operation';

const show = { resource: ['session'], operation: ['setup'] };

/** Setup: the guide's onboarding flow in one step, create → connect → QR. */
export const description: INodeProperties[] = [
  { ...sessionIdProperty, displayOptions: { show } },
  {
    displayName: 'If Session Exists',
    name: 'ifExists',
    type: 'options',
    default: 'error',
    displayOptions: { show },
    options: [
      { name: 'Fail', value: 'error', description: "Stop with the API's SESSION_EXISTS error" },
      { name: 'Reuse It', value: 'reuse', description: 'Connect the existing session and fetch its QR' },
    ],
  },
  { ...createFieldsProperty, displayOptions: { show } },
  { ...binaryPropertyProperty, displayOptions: { show } },
];

/** Creates, connects and fetches the QR of one session per item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const body = createBodyParam(this, itemIndex);
  const binaryProperty = binaryPropertyParam(this, itemIndex);
  const ifExists = this.getNodeParameter('ifExists', itemIndex, 'error') as string;

  const created = await createOrReuse(this, body, ifExists === 'reuse', itemIndex);
  const session = created.session;
  const reused = created.reused;

  const state = await connectSession.call(this, session.sessionId, itemIndex);
  if (state.status === 'connected') {
    // A reused session that is already linked has no QR to scan; say so instead of failing on /qr.
    return [
      {
        json: {
          id: session.id,
          sessionId: session.sessionId,
          name: session.name,
          phoneNumber: session.phoneNumber,
          status: state.status,
          reused,
          message: 'Session already connected: there is no QR to scan.',
        },
        pairedItem: { item: itemIndex },
      },
    ];
  }
  const qr = await qrOutput(
    this,
    await fetchQr.call(this, session.sessionId, itemIndex),
    session.sessionId,
    binaryProperty,
  );
  return [
    {
      json: {
        ...qr.json,
        id: session.id,
        sessionId: session.sessionId,
        name: session.name,
        phoneNumber: session.phoneNumber,
        status: state.status,
        reused,
        message: 'Session ready: scan the QR in WhatsApp > Linked devices before it expires.',
      },
      binary: qr.binary,
      pairedItem: { item: itemIndex },
    },
  ];
}

/**
 * Creates the session; with "Reuse It", a SESSION_EXISTS answer is resolved by finding the existing
 * session in the list instead. Any other failure propagates unchanged.
 */
async function createOrReuse(
  ctx: IExecuteFunctions,
  body: IDataObject,
  reuse: boolean,
  itemIndex: number,
): Promise<{ session: Session; reused: boolean }> {
  const attempt = await createSession.call(ctx, body, itemIndex).then(
    (session) => ({ session, error: undefined }),
    (error: unknown) => ({ session: undefined, error }),
  );
  if (attempt.session) return { session: attempt.session, reused: false };
  const error = attempt.error;
  const code =
    error instanceof NodeApiError ? (error.errorResponse as IDataObject | undefined)?.code : undefined;
  if (reuse && code === 'SESSION_EXISTS') {
    const list = await apiRequest<SessionList>(ctx, { method: 'GET', path: '/api/sessions', itemIndex });
    const existing = list.sessions.find((s) => s.sessionId === body.sessionId);
    if (existing) return { session: existing, reused: true };
  }
  if (error instanceof NodeApiError) throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
  throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
