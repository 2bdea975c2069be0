/**
 * A small fake of n8n's execute and poll contexts: parameters per item, a scripted HTTP helper that
 * records each request, and in-memory static data. Enough to drive operation logic in unit tests; the
 * end-to-end suite runs the same code inside a real n8n.
 */
import type { IDataObject, IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';

export interface FakeResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Recorded {
  method: string;
  url: string;
  body: unknown;
  headers: IDataObject;
  credentialType: string;
}

export const node: INode = {
  id: 'n1',
  name: 'Inbox Hub',
  type: 'n8n-nodes-inbox-hub.inboxHub',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export const credentials = {
  baseUrl: 'https://api.example.test/',
  apiKey: 'ihk_test_CANARY_apikey_7d1e2b9f4c',
  email: '',
  password: '',
};

export function fakeHttp(responder: (r: Recorded) => FakeResponse | Error) {
  const requests: Recorded[] = [];
  const helper = async (credentialType: string, options: IDataObject) => {
    const body =
      typeof options.body === 'string' && options.body !== '' ? JSON.parse(options.body) : options.body;
    const recorded: Recorded = {
      method: String(options.method),
      url: `${options.baseURL ?? ''}${options.url}`,
      body,
      headers: (options.headers ?? {}) as IDataObject,
      credentialType,
    };
    requests.push(recorded);
    const response = responder(recorded);
    if (response instanceof Error) throw response;
    return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
  };
  return { requests, helper };
}

export function executeContext(opts: {
  params: IDataObject[];
  http: ReturnType<typeof fakeHttp>;
  continueOnFail?: boolean;
  creds?: IDataObject;
}): IExecuteFunctions {
  const ctx = {
    getInputData: () => opts.params.map(() => ({ json: {} })),
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
      const value = opts.params[itemIndex]?.[name];
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      throw new Error(`No parameter ${name}`);
    },
    getNode: () => node,
    continueOnFail: () => opts.continueOnFail ?? false,
    getCredentials: async () => ({ ...credentials, ...opts.creds }),
    helpers: {
      httpRequestWithAuthentication: opts.http.helper,
      prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
        data: data.toString('base64'),
        mimeType,
        fileName,
        fileSize: `${data.length} B`,
      }),
    },
  };
  return ctx as unknown as IExecuteFunctions;
}

export function pollContext(opts: {
  params: IDataObject;
  http: ReturnType<typeof fakeHttp>;
  staticData: IDataObject;
  mode?: 'manual' | 'trigger';
  creds?: IDataObject;
}): IPollFunctions {
  const ctx = {
    getNodeParameter: (name: string, fallback?: unknown) => opts.params[name] ?? fallback,
    getNode: () => ({ ...node, name: 'Inbox Hub Trigger', type: 'n8n-nodes-inbox-hub.inboxHubTrigger' }),
    getMode: () => opts.mode ?? 'trigger',
    getWorkflowStaticData: () => opts.staticData,
    getCredentials: async () => ({ ...credentials, ...opts.creds }),
    helpers: { httpRequestWithAuthentication: opts.http.helper },
  };
  return ctx as unknown as IPollFunctions;
}

export const ok = (data: unknown): FakeResponse => ({ statusCode: 200, body: { success: true, data } });
export const fail = (statusCode: number, code: string, message: string): FakeResponse => ({
  statusCode,
  body: { success: false, code, message },
  headers: { 'x-request-id': 'req_unit_1' },
});

export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
