/** The Session resource: its operation picker and one module per operation. */
import type { INodeProperties } from 'n8n-workflow';
import * as connect from './connect.operation';
import * as create from './create.operation';
import * as disconnect from './disconnect.operation';
import * as getAll from './getAll.operation';
import * as getQrCode from './getQrCode.operation';
import * as getStatus from './getStatus.operation';
import * as setup from './setup.operation';

export { connect, create, disconnect, getAll, getQrCode, getStatus, setup };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['session'] } },
    default: 'setup',
    options: [
      {
        name: 'Connect',
        value: 'connect',
        description: 'Start the connection and issue a fresh QR code',
        action: 'Connect a session',
      },
      {
        name: 'Create',
        value: 'create',
        description: 'Create a session in pending status',
        action: 'Create a session',
      },
      {
        name: 'Disconnect',
        value: 'disconnect',
        description: 'Log a session out of WhatsApp Web',
        action: 'Disconnect a session',
      },
      {
        name: 'Get Many',
        value: 'getAll',
        description: "List the account's sessions with their status",
        action: 'Get many sessions',
      },
      {
        name: 'Get QR Code',
        value: 'getQrCode',
        description: 'Get the QR code to scan, as a PNG and a data URL',
        action: 'Get the QR code of a session',
      },
      {
        name: 'Get Status',
        value: 'getStatus',
        description: 'Get the connection status of a session',
        action: 'Get the status of a session',
      },
      {
        name: 'Setup',
        value: 'setup',
        description: 'Create a session, connect it and get its QR code in one step',
        action: 'Set up a session',
      },
    ],
  },
  ...create.description,
  ...connect.description,
  ...getQrCode.description,
  ...getStatus.description,
  ...getAll.description,
  ...disconnect.description,
  ...setup.description,
];
