/** Parameters several session operations share. */
import type { INodeProperties } from 'n8n-workflow';

/** The caller-chosen session id that Connect, Get QR Code, Disconnect, Create and Setup take. */
export const sessionIdProperty: INodeProperties = {
  displayName: 'Session ID',
  name: 'sessionId',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'e.g. cliente_001',
  description: 'The session string ID: 1 to 100 letters, digits, "_" or "-"',
};

/** Optional fields of Create and Setup. */
export const createFieldsProperty: INodeProperties = {
  displayName: 'Additional Fields',
  name: 'additionalFields',
  type: 'collection',
  placeholder: 'Add Field',
  default: {},
  options: [
    {
      displayName: 'Description',
      name: 'description',
      type: 'string',
      default: '',
      description: 'A longer description, at most 500 characters',
    },
    {
      displayName: 'Name',
      name: 'name',
      type: 'string',
      default: '',
      placeholder: 'e.g. WhatsApp Empresa ABC',
      description: 'A descriptive name, at most 100 characters',
    },
    {
      displayName: 'Phone Number',
      name: 'phoneNumber',
      type: 'string',
      default: '',
      placeholder: 'e.g. 34612345678',
      description:
        'The number expected to connect: country code then number, digits only, no "+", spaces or dashes',
    },
  ],
};

/** Where the QR code PNG goes. */
export const binaryPropertyProperty: INodeProperties = {
  displayName: 'Put Output File in Field',
  name: 'binaryPropertyName',
  type: 'string',
  required: true,
  default: 'data',
  hint: 'The name of the output binary field to put the QR code PNG in',
};
