import { violationCheckingFetch } from '@inbox-hub/contract-testing';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  InboxHub,
  InvalidInputError,
  NotFoundError,
  QrExpiredError,
  RateLimitError,
  ServerError,
  SessionExistsError,
  ValidationError,
} from '../src/index.js';

const baseUrl = inject('baseUrl');
const isPrism = inject('isPrism');

let checked: ReturnType<typeof violationCheckingFetch>;

/** A client whose requests go over real HTTP to Prism, optionally asking Prism for a given response. */
function hub(prefer?: string, extra: Partial<ConstructorParameters<typeof InboxHub>[0]> = {}) {
  const fetchWithPrefer: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (prefer) request.headers.set('Prefer', prefer);
    return checked.fetch(request);
  };
  return new InboxHub({
    baseUrl,
    apiKey: 'ihk_test_contract_key',
    fetch: fetchWithPrefer,
    maxRetries: 0,
    ...extra,
  });
}

beforeEach(() => {
  checked = violationCheckingFetch();
});
afterEach(() => {
  checked.assertNone();
});

describe('sessions against the contract (success paths)', () => {
  it('create returns the session with its database id and dates', async () => {
    const session = await hub().sessions.create({
      sessionId: 'cliente_12345',
      phoneNumber: '34612345678',
      name: 'WhatsApp Empresa ABC',
      description: 'Sesión WhatsApp para cliente Empresa ABC',
    });
    expect(session.id).toBeTypeOf('number');
    expect(session.sessionId).toBe('cliente_12345');
    expect(session.status).toBe('pending');
    expect(session.createdAt).toBeInstanceOf(Date);
  });

  it('create with email and password logs in and sends the bearer token', async () => {
    const sent: Array<{ path: string; auth: string | null; key: string | null }> = [];
    const original = checked.fetch;
    checked.fetch = (input, init) => {
      const request = new Request(input, init);
      sent.push({
        path: new URL(request.url).pathname,
        auth: request.headers.get('authorization'),
        key: request.headers.get('x-api-key'),
      });
      return original(request);
    };
    const client = hub(undefined, { email: 'crm@example.com', password: 'example-password' });
    await client.sessions.create({ sessionId: 'cliente_12345' });
    await client.sessions.create({ sessionId: 'cliente_12346' });
    expect(client.loginCount).toBe(1);
    expect(sent.map((s) => s.path)).toEqual(['/api/auth/login', '/api/sessions', '/api/sessions']);
    expect(sent[1]?.auth).toMatch(/^Bearer eyJ/);
    expect(sent[1]?.key).toBe('ihk_test_contract_key');
  });

  it('list returns the sessions and total, QR base64 normalised', async () => {
    const list = await hub().sessions.list();
    expect(list.total).toBe(list.sessions.length);
    for (const s of list.sessions) {
      expect(['pending', 'connected', 'disconnected', 'error']).toContain(s.status);
      if (s.qrBase64) expect(s.qrBase64).not.toMatch(/^data:/);
    }
  });

  it('connect starts the connection', async () => {
    const state = await hub().sessions.connect('cliente_12345');
    expect(['pending', 'connected']).toContain(state.status);
    expect(state.sessionId).toBe('cliente_12345');
  });

  it('getQr normalises the data URL into base64, a Date and PNG bytes', async () => {
    const qr = await hub().sessions.getQr('cliente_12345');
    expect(qr.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(qr.base64).not.toMatch(/^data:/);
    expect(qr.expiresAt).toBeInstanceOf(Date);
    expect(Array.from(qr.png().subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('getStatus by sessionId finds the database id itself, then caches it', async () => {
    const client = hub();
    const requests: string[] = [];
    const original = checked.fetch;
    checked.fetch = (input, init) => {
      requests.push(new Request(input, init).url);
      return original(input, init);
    };
    const list = await client.sessions.list();
    const target = list.sessions[0];
    expect(target).toBeDefined();
    requests.length = 0;
    const status = await client.sessions.getStatus(target?.sessionId ?? '');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(new RegExp(`/api/sessions/${target?.id}/status$`));
    expect(typeof status.isConnected).toBe('boolean');
  });

  it('getStatus with a session handle uses its id directly', async () => {
    const status = await hub().sessions.getStatus({ sessionId: 'cliente_12345', id: 2 });
    expect(status.sessionId).toBeTypeOf('string');
    expect(typeof status.hasQR).toBe('boolean');
  });

  it('disconnect answers disconnected', async () => {
    const state = await hub().sessions.disconnect('cliente_12345');
    expect(state.status).toBe('disconnected');
  });

  it('setupSession runs create → connect → QR', async () => {
    const { session, qr } = await hub().setupSession('cliente_12345', { phoneNumber: '34612345678' });
    expect(session.sessionId).toBe('cliente_12345');
    expect(qr.base64.length).toBeGreaterThan(100);
  });
});

describe.runIf(isPrism)('sessions against the contract (error paths through Prefer)', () => {
  it('401 → AuthenticationError that points at the API key', async () => {
    const error = await hub('code=401')
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('INVALID_API_KEY');
    expect(error.message).toMatch(/API key/);
  });

  it('404 → NotFoundError naming the session', async () => {
    const error = await hub('code=404')
      .sessions.connect('cliente_404')
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('SESSION_NOT_FOUND');
    expect(error.message).toContain('cliente_404');
  });

  it('409 SESSION_EXISTS → SessionExistsError', async () => {
    const error = await hub('code=409, example=sessionExists')
      .sessions.create({ sessionId: 'cliente_1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SessionExistsError);
    expect(error.message).toMatch(/already exists/);
  });

  it('409 PHONE_NUMBER_IN_USE → ConflictError, not SessionExistsError', async () => {
    const error = await hub('code=409, example=phoneInUse')
      .sessions.create({ sessionId: 'cliente_1', phoneNumber: '34612345678' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(SessionExistsError);
    expect(error.code).toBe('PHONE_NUMBER_IN_USE');
  });

  it('410 → QrExpiredError that says to connect again', async () => {
    const error = await hub('code=410')
      .sessions.getQr('cliente_1')
      .catch((e) => e);
    expect(error).toBeInstanceOf(QrExpiredError);
    expect(error.message).toMatch(/connect\(\)/);
  });

  it('404 QR_NOT_AVAILABLE → NotFoundError that says to connect first', async () => {
    const error = await hub('code=404, example=qrNotAvailable')
      .sessions.getQr('cliente_1')
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('QR_NOT_AVAILABLE');
    expect(error.message).toMatch(/connect\(\) first/);
  });

  it('422 → InvalidInputError (an API answer) with the field', async () => {
    const error = await hub('code=422')
      .sessions.disconnect('cliente_1')
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error.kind).toBe('invalid_input');
    expect(error.field).toBe('sessionId');
  });

  it('429 → RateLimitError with Retry-After', async () => {
    const error = await hub('code=429')
      .sessions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(5000);
  });

  it('500 and 503 → ServerError with the request id', async () => {
    for (const code of [500, 503]) {
      const error = await hub(`code=${code}`)
        .sessions.list()
        .catch((e) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error.status).toBe(code);
    }
  });

  it('login 401 → AuthenticationError that points at the e-mail and password', async () => {
    const client = hub('code=401', { email: 'crm@example.com', password: 'example-password' });
    const error = await client.sessions.create({ sessionId: 'cliente_1' }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/e-mail and password/);
  });
});
