import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';

/**
 * Inbox Hub API credentials. Every session route authenticates with the `X-API-Key` header, which
 * `authenticate` adds, so n8n (not our code) injects the secret. The e-mail and password are optional:
 * when set, Create also logs in and sends the bearer JWT, as the guide's step-by-step flow does.
 */
export class InboxHubApi implements ICredentialType {
  name = 'inboxHubApi';

  displayName = 'Inbox Hub API';

  icon: Icon = { light: 'file:../icons/inboxHub.svg', dark: 'file:../icons/inboxHub.dark.svg' };

  documentationUrl =
    'https://github.com/inbox-hub/inbox-hub-toolkit/tree/main/packages/n8n-nodes-inbox-hub#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.inbox-hub.com',
      required: true,
      placeholder: 'https://api.inbox-hub.com',
      description: 'Where the Inbox Hub API answers, without a trailing /api',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'The account API key, sent as the X-API-Key header on every request',
    },
    {
      displayName: 'E-Mail',
      name: 'email',
      type: 'string',
      placeholder: 'name@email.com',
      default: '',
      description:
        'Optional. With the password, Create logs in (POST /api/auth/login) and also sends the bearer token.',
    },
    {
      displayName: 'Password',
      name: 'password',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Optional. The account password for the login, used only with the e-mail.',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        'X-API-Key': '={{$credentials.apiKey}}',
      },
    },
  };

  // GET /api/sessions is read-only and needs only the key: 401 means a wrong key, 404 means a wrong base
  // URL, and when nothing answers n8n reports the connection error (ECONNREFUSED, ENOTFOUND).
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
      url: '/api/sessions',
      method: 'GET',
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message: 'The API key was refused (HTTP 401). Check the API key; the base URL answers.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message:
            'Nothing answers GET /api/sessions at this base URL (HTTP 404). Check the base URL, e.g. https://api.inbox-hub.com.',
        },
      },
    ],
  };
}
