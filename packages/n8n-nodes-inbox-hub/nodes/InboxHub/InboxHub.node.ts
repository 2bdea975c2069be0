import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { router } from './actions/router';
import * as session from './actions/session/Session.resource';

/**
 * Inbox Hub: WhatsApp sessions of the Inbox Hub API (create, connect, QR, status, list, disconnect and
 * the one-step Setup). Usable as an AI Agent tool: every result is plain JSON, with the QR also as a
 * data URL because binary data does not reach an agent.
 */
export class InboxHub implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Inbox Hub',
    name: 'inboxHub',
    icon: { light: 'file:../../icons/inboxHub.svg', dark: 'file:../../icons/inboxHub.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Create, connect and monitor WhatsApp sessions of the Inbox Hub API',
    defaults: { name: 'Inbox Hub' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'inboxHubApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [{ name: 'Session', value: 'session' }],
        default: 'session',
      },
      ...session.description,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await router.call(this);
  }
}
