import { inspect } from 'node:util';
import { assertNoCanary, canary, fakeJwt } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import { InboxHub, type InboxHubError } from '../src/index.js';
import { fail, json, ok, rawSession, scriptedFetch } from './helpers/fake-fetch.js';

const creds = { apiKey: canary.apiKey, email: canary.email, password: canary.password };
const token = fakeJwt(Math.floor(Date.now() / 1000) + 86_400);

/** Everything a caller could print about an error. */
function everything(error: InboxHubError): string {
  const cause = (error as { cause?: unknown }).cause;
  return [
    error.message,
    String(error),
    error.stack ?? '',
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
    JSON.stringify((error as { body?: unknown }).body ?? null),
    cause ? inspect(cause, { depth: 10 }) : '',
  ].join('\n');
}

describe('secrets never leak', () => {
  it('the client itself prints no secret', () => {
    const hub = new InboxHub({ baseUrl: 'http://x.test', ...creds });
    const text = [String(hub), inspect(hub, { depth: 10 }), JSON.stringify(hub)].join('\n');
    assertNoCanary(text, 'the client object');
    expect(text).not.toContain(canary.email.split('@')[0] ?? '');
  });

  it('a server that echoes the key, password and token back gets them scrubbed from errors', async () => {
    const echo = `key ${canary.apiKey} pass ${canary.password} token ${token}`;
    const fetch = scriptedFetch((req) =>
      req.path === '/api/auth/login'
        ? ok({ accessToken: token })
        : json(400, { success: false, code: 'X', message: echo, echo }),
    );
    const hub = new InboxHub({ baseUrl: 'http://x.test', fetch, ...creds });
    const error = await hub.sessions.create({ sessionId: 'c_1' }).catch((e) => e);
    assertNoCanary(everything(error), 'an API error');
    expect(error.message).toContain('[redacted]');
  });

  it('a request id header that echoes a secret is scrubbed too', async () => {
    const fetch = scriptedFetch(
      new Response('{"success":false,"code":"INTERNAL_ERROR","message":"x"}', {
        status: 500,
        headers: { 'x-request-id': `req-${canary.apiKey}` },
      }),
      new Response('not json', { status: 200, headers: { 'x-request-id': `req-${canary.apiKey}` } }),
    );
    const hub = new InboxHub({ baseUrl: 'http://x.test', fetch, ...creds });
    for (let i = 0; i < 2; i++) {
      const error = await hub.sessions.list().catch((e) => e);
      assertNoCanary(everything(error), 'an error with a request id');
      assertNoCanary(String(error.requestId), 'the request id');
    }
  });

  it('connection errors and timeouts carry no secret in message or cause', async () => {
    const fetch = scriptedFetch(() => {
      throw new TypeError(`connect failed for ${canary.apiKey}`);
    });
    const hub = new InboxHub({ baseUrl: 'http://x.test', fetch, maxRetries: 0, ...creds });
    const error = await hub.sessions.list().catch((e) => e);
    assertNoCanary(everything(error), 'a connection error');
  });

  it('logs carry no secret', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, meta?: unknown) => lines.push(m, JSON.stringify(meta ?? {})),
      warn: (m: string, meta?: unknown) => lines.push(m, JSON.stringify(meta ?? {})),
    };
    const fetch = scriptedFetch((req) =>
      req.path === '/api/auth/login'
        ? ok({ accessToken: token })
        : req.path === '/api/sessions' && req.method === 'POST'
          ? ok(rawSession(), 201)
          : fail(503, 'SERVICE_UNAVAILABLE', `down ${canary.apiKey}`, { 'retry-after': '0' }),
    );
    const hub = new InboxHub({ baseUrl: 'http://x.test', fetch, logger, ...creds });
    await hub.sessions.create({ sessionId: 'c_1' });
    await hub.sessions.list().catch(() => {});
    expect(lines.length).toBeGreaterThan(0);
    assertNoCanary(lines.join('\n'), 'the log');
  });
});
