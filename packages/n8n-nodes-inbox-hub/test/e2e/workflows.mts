/** The workflows and credentials the end-to-end test imports into n8n. */
import { manualWorkflow, type WorkflowNode } from '@inbox-hub/contract-testing';

/** Node types as n8n names them when the package is loaded from N8N_CUSTOM_EXTENSIONS. */
export const NODE = 'CUSTOM.inboxHub';
export const TRIGGER = 'CUSTOM.inboxHubTrigger';
export const CREDENTIAL_ID = 'ihE2eCredential01';
export const SANDBOX_CREDENTIAL_ID = 'ihE2eSandboxCred1';
const credentials = { inboxHubApi: { id: CREDENTIAL_ID, name: 'Inbox Hub e2e' } };
const sandboxCredentials = { inboxHubApi: { id: SANDBOX_CREDENTIAL_ID, name: 'Inbox Hub sandbox' } };

export function credentialsFile(
  baseUrl: string,
  secrets: { apiKey: string; email: string; password: string },
) {
  return [{ id: CREDENTIAL_ID, name: 'Inbox Hub e2e', type: 'inboxHubApi', data: { baseUrl, ...secrets } }];
}

type Params = Record<string, unknown>;
interface Op {
  name: string;
  parameters: Params;
  continueOnFail?: boolean;
}

/** Every operation, each fed by the manual trigger, plus continueOnFail cases. */
export const actionNodes: Op[] = [
  {
    name: 'Create',
    parameters: {
      operation: 'create',
      sessionId: 'cliente_12345',
      additionalFields: { phoneNumber: '34612345678', name: 'WhatsApp Empresa ABC', description: 'e2e' },
    },
  },
  { name: 'Connect', parameters: { operation: 'connect', sessionId: 'cliente_12345' } },
  {
    name: 'Get QR Code',
    parameters: { operation: 'getQrCode', sessionId: 'cliente_12345', binaryPropertyName: 'qr' },
  },
  { name: 'Get Status', parameters: { operation: 'getStatus', findBy: 'id', id: 2 } },
  {
    name: 'Get Status By Session ID',
    parameters: { operation: 'getStatus', findBy: 'sessionId', sessionId: 'cliente_12345' },
  },
  { name: 'Get Many Limit 1', parameters: { operation: 'getAll', returnAll: false, limit: 1 } },
  { name: 'Get Many All', parameters: { operation: 'getAll', returnAll: true } },
  { name: 'Disconnect', parameters: { operation: 'disconnect', sessionId: 'cliente_12345' } },
  {
    name: 'Setup',
    parameters: { operation: 'setup', sessionId: 'cliente_12345', binaryPropertyName: 'data' },
  },
  {
    name: 'Get QR Missing',
    parameters: { operation: 'getQrCode', sessionId: 'e2e_missing', binaryPropertyName: 'data' },
    continueOnFail: true,
  },
  {
    name: 'Create Bad Phone',
    parameters: {
      operation: 'create',
      sessionId: 'e2e_bad_phone',
      additionalFields: { phoneNumber: '+34 612-345' },
    },
    continueOnFail: true,
  },
];

function opNode(op: Op, index: number): WorkflowNode {
  return {
    id: `op${index}`,
    name: op.name,
    type: NODE,
    typeVersion: 1,
    position: [300, index * 120],
    parameters: { resource: 'session', ...op.parameters },
    credentials,
    ...(op.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
}

export function actionsWorkflow() {
  return manualWorkflow('ihE2eActions0001', 'Inbox Hub e2e: every operation', actionNodes.map(opNode));
}

/** One failing operation without continueOnFail: the execution must fail with the API's message. */
export function failingWorkflow() {
  const op: Op = { name: 'Get QR Missing', parameters: { operation: 'getQrCode', sessionId: 'e2e_missing' } };
  return manualWorkflow('ihE2eFailing0001', 'Inbox Hub e2e: API error', [opNode(op, 0)]);
}

/** Onboards one client on the sandbox: Setup with the QR in the `qr` binary field. */
export function sandboxSetupWorkflow() {
  const op: Op = {
    name: 'Setup',
    parameters: {
      operation: 'setup',
      sessionId: 'cliente_900001',
      additionalFields: { phoneNumber: '34600000001', name: 'WhatsApp e2e' },
      binaryPropertyName: 'qr',
    },
  };
  return manualWorkflow('ihE2eSbxSetup001', 'Inbox Hub e2e: sandbox setup', [
    { ...opNode(op, 0), credentials: sandboxCredentials },
  ]);
}

/** Polls every 5 s (12 once-a-minute crons, each allowed by n8n) and posts each change to the gate. */
export function triggerWorkflow(collectUrl: string) {
  const item = Array.from({ length: 12 }, (_, i) => ({
    mode: 'custom',
    cronExpression: `${i * 5} * * * * *`,
  }));
  return {
    id: 'ihE2eTrigger0001',
    name: 'Inbox Hub e2e: status trigger',
    active: false,
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: 'trigger',
        name: 'Inbox Hub Trigger',
        type: TRIGGER,
        typeVersion: 1,
        position: [0, 0],
        parameters: { pollTimes: { item }, watch: 'all', statuses: ['connected', 'disconnected', 'error'] },
        credentials: sandboxCredentials,
      },
      {
        id: 'collect',
        name: 'Collect',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [300, 0],
        parameters: {
          method: 'POST',
          url: collectUrl,
          sendBody: true,
          specifyBody: 'json',
          jsonBody: '={{ JSON.stringify($json) }}',
          options: {},
        },
      },
    ],
    connections: { 'Inbox Hub Trigger': { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } },
  };
}

export const REDIRECT_CREDENTIAL_ID = 'ihE2eRedirectCred';

/**
 * Create (which logs in with the password) and Get Many through a credential whose Base URL answers with
 * redirects to another origin; both continue on fail so the run shows what each did.
 */
export function redirectWorkflow() {
  const ops: Op[] = [
    {
      name: 'Create Redirected',
      parameters: { operation: 'create', sessionId: 'cliente_777' },
      continueOnFail: true,
    },
    {
      name: 'Get Many Redirected',
      parameters: { operation: 'getAll', returnAll: true },
      continueOnFail: true,
    },
  ];
  const redirectCredentials = { inboxHubApi: { id: REDIRECT_CREDENTIAL_ID, name: 'Inbox Hub redirect' } };
  return manualWorkflow(
    'ihE2eRedirect001',
    'Inbox Hub e2e: redirects',
    ops.map((op, i) => ({ ...opNode(op, i), credentials: redirectCredentials })),
  );
}
