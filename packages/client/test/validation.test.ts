import { canary } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import { ApiError, InboxHub, ValidationError } from '../src/index.js';
import { ok, scriptedFetch } from './helpers/fake-fetch.js';

function hub() {
  const fetch = scriptedFetch(ok({}));
  return { fetch, hub: new InboxHub({ baseUrl: 'http://inbox-hub.test', apiKey: canary.apiKey, fetch }) };
}

const badSessionIds = [
  '',
  '../etc/passwd',
  'a/b',
  'a%2Fb',
  'with space',
  'ñandú',
  'x'.repeat(101),
  'a.b',
  '?q=1',
];
const badPhones = [
  '+34612345678',
  '34 612 345 678',
  '34-612-345-678',
  'abc',
  '0612345678',
  '123',
  '1'.repeat(16),
];

describe('input is validated before anything is sent', () => {
  it.each(badSessionIds)('sessionId %j is refused for every method, naming the field', async (sessionId) => {
    const { fetch, hub: client } = hub();
    const calls = [
      () => client.sessions.create({ sessionId }),
      () => client.sessions.connect(sessionId),
      () => client.sessions.getQr(sessionId),
      () => client.sessions.getStatus(sessionId),
      () => client.sessions.disconnect(sessionId),
      () => client.setupSession(sessionId),
      () => client.waitForConnection(sessionId),
    ];
    for (const call of calls) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      // Refused before sending: not an API answer.
      expect(error).not.toBeInstanceOf(ApiError);
      expect(error.kind).toBe('validation');
      expect(error.field).toBe('sessionId');
      expect(error.message).toMatch(/sessionId/);
    }
    expect(fetch.calls).toHaveLength(0);
  });

  it.each(badPhones)(
    'phone number %j is refused with the expected form in the message',
    async (phoneNumber) => {
      const { fetch, hub: client } = hub();
      const error = await client.sessions.create({ sessionId: 'cliente_1', phoneNumber }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe('phoneNumber');
      expect(error.message).toContain('34612345678');
      expect(fetch.calls).toHaveLength(0);
    },
  );

  it('a setupSession with a bad phone sends nothing (no half-made session)', async () => {
    const { fetch, hub: client } = hub();
    await expect(client.setupSession('cliente_1', { phoneNumber: '+34 612' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it('names and descriptions are checked', async () => {
    const { fetch, hub: client } = hub();
    for (const [input, field] of [
      [{ sessionId: 'c_1', name: '' }, 'name'],
      [{ sessionId: 'c_1', name: '   ' }, 'name'],
      [{ sessionId: 'c_1', name: 'n'.repeat(101) }, 'name'],
      [{ sessionId: 'c_1', description: 'd'.repeat(501) }, 'description'],
    ] as const) {
      const error = await client.sessions.create(input).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
    expect(fetch.calls).toHaveLength(0);
  });

  it('a status by database id must be a positive integer', async () => {
    const { fetch, hub: client } = hub();
    const error = await client.sessions.getStatus({ sessionId: 'c_1', id: -3 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('id');
    expect(fetch.calls).toHaveLength(0);
  });

  it('valid edge cases pass: 100 characters, dashes and underscores, 15-digit numbers', async () => {
    const { fetch, hub: client } = hub();
    await client.sessions
      .create({ sessionId: 'a'.repeat(100), phoneNumber: '123456789012345' })
      .catch(() => {});
    await client.sessions.create({ sessionId: 'sucursal-madrid_01', phoneNumber: null }).catch(() => {});
    expect(fetch.calls).toHaveLength(2);
    expect(JSON.parse(fetch.calls[1]?.body ?? '{}')).toEqual({ sessionId: 'sucursal-madrid_01' });
  });
});

describe('client options', () => {
  it('refuses bad options with a message that names the option', () => {
    expect(() => new InboxHub({ baseUrl: '', apiKey: 'k' })).toThrow(/baseUrl is required/);
    expect(() => new InboxHub({ baseUrl: 'ftp://x', apiKey: 'k' })).toThrow(/http\(s\) URL/);
    expect(() => new InboxHub({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(/not a URL/);
    expect(() => new InboxHub({ baseUrl: 'http://x', apiKey: '' })).toThrow(/apiKey/);
    expect(() => new InboxHub({ baseUrl: 'http://x', apiKey: 'k', email: 'a@b.c' })).toThrow(
      /without password/,
    );
    expect(() => new InboxHub({ baseUrl: 'http://x', apiKey: 'k', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new InboxHub({ baseUrl: 'http://x', apiKey: 'k', maxRetries: -1 })).toThrow(/maxRetries/);
  });

  it('fromEnv reads the four variables and names a missing one', () => {
    expect(() => InboxHub.fromEnv({})).toThrow(/INBOX_HUB_BASE_URL is not set/);
    expect(() => InboxHub.fromEnv({ INBOX_HUB_BASE_URL: 'http://x' })).toThrow(
      /INBOX_HUB_API_KEY is not set/,
    );
    expect(() =>
      InboxHub.fromEnv({ INBOX_HUB_BASE_URL: 'http://x', INBOX_HUB_API_KEY: 'k', INBOX_HUB_EMAIL: 'a@b.c' }),
    ).toThrow(/INBOX_HUB_PASSWORD is not set/);
    const hub = InboxHub.fromEnv({ INBOX_HUB_BASE_URL: 'http://x.test/', INBOX_HUB_API_KEY: 'k' });
    expect(hub.baseUrl).toBe('http://x.test');
  });
});
