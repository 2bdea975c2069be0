import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyParam, qrOutput } from '../../helpers/output';
import { createBodyParam } from '../../helpers/validation';
import { hubFor } from '../../transport';
import { binaryPropertyProperty, createFieldsProperty, sessionIdProperty } from './common';

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

/**
 * Creates (or, with "Reuse It", finds the existing session on SESSION_EXISTS), connects and fetches the
 * QR of one session per item.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const { sessionId, ...fields } = createBodyParam(this, itemIndex);
  const binaryProperty = binaryPropertyParam(this, itemIndex);
  const reuse = this.getNodeParameter('ifExists', itemIndex, 'error') === 'reuse';
  const hub = await hubFor(this);

  const { session, created } = reuse
    ? await hub.ensureSession(sessionId, fields)
    : { session: await hub.sessions.create({ sessionId, ...fields }), created: true };
  const summary = {
    id: session.id,
    sessionId: session.sessionId,
    name: session.name,
    phoneNumber: session.phoneNumber,
    reused: !created,
  };

  const state = await hub.sessions.connect(session);
  if (state.status === 'connected') {
    // A reused session that is already linked has no QR to scan; say so instead of failing on /qr.
    return [
      {
        json: {
          ...summary,
          status: state.status,
          message: 'Session already connected: there is no QR to scan.',
        },
        pairedItem: { item: itemIndex },
      },
    ];
  }
  const qr = await qrOutput(this, await hub.sessions.getQr(session), session.sessionId, binaryProperty);
  return [
    {
      json: {
        ...qr.json,
        ...summary,
        status: state.status,
        message: 'Session ready: scan the QR in WhatsApp > Linked devices before it expires.',
      },
      binary: qr.binary,
      pairedItem: { item: itemIndex },
    },
  ];
}
