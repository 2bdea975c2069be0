import { describe, expect, it } from 'vitest';
import * as client from '../src/index.js';
import { type AnyInboxHubError, isInboxHubError } from '../src/index.js';

/** A translator written the way the surfaces write theirs: the compiler checks it handles every kind. */
function describeKind(error: AnyInboxHubError): string {
  switch (error.kind) {
    case 'configuration':
    case 'connection':
    case 'timeout':
    case 'invalid_response':
    case 'aborted':
    case 'api':
    case 'authentication':
    case 'not_found':
    case 'conflict':
    case 'session_exists':
    case 'qr_expired':
    case 'server':
      return error.kind;
    case 'validation':
      return `field ${error.field}`;
    case 'invalid_input':
      return `api field ${error.field}`;
    case 'rate_limited':
      return `retry after ${error.retryAfterMs}`;
    case 'wait_timeout':
      return `last ${error.lastStatus?.status}`;
    case 'redirect':
      return `to ${error.location}`;
    case 'response_too_large':
      return `limit ${error.limit}`;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

describe('the error kinds', () => {
  it('every exported error class has its own kind, and the union covers them all', () => {
    const api = { status: 400, message: 'm' };
    const instances: client.InboxHubError[] = [
      new client.ConfigurationError('m'),
      new client.ValidationError('sessionId', 'p'),
      new client.ApiError(api),
      new client.AuthenticationError(api),
      new client.NotFoundError(api),
      new client.ConflictError(api),
      new client.SessionExistsError(api),
      new client.QrExpiredError(api),
      new client.InvalidInputError({ ...api, details: [{ field: 'name', message: 'long' }] }),
      new client.RateLimitError({ ...api, retryAfterMs: 5 }),
      new client.ServerError(api),
      new client.ConnectionError('m'),
      new client.TimeoutError('m'),
      new client.WaitTimeoutError('m', undefined),
      new client.RedirectError('m', { status: 301, location: 'https://x.test' }),
      new client.InvalidResponseError('m', { status: 200 }),
      new client.ResponseTooLargeError('m', 10),
      new client.AbortError('m'),
    ];
    const classes = Object.values(client).filter(
      (value) => typeof value === 'function' && value.prototype instanceof client.InboxHubError,
    );
    expect(instances.map((e) => e.constructor)).toEqual(expect.arrayContaining(classes));
    expect(instances).toHaveLength(classes.length);
    const kinds = instances.map((e) => e.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const error of instances) {
      expect(isInboxHubError(error)).toBe(true);
      expect(describeKind(error as AnyInboxHubError)).toBeTruthy();
    }
    expect(
      new client.InvalidInputError({ ...api, details: [{ field: 'name', message: 'long' }] }).field,
    ).toBe('name');
  });

  it('instanceof ApiError means the API answered', () => {
    expect(new client.ValidationError('name', 'p')).not.toBeInstanceOf(client.ApiError);
    expect(new client.InvalidInputError({ status: 422, message: 'm' })).toBeInstanceOf(client.ApiError);
    expect(new client.RedirectError('m', { status: 302 })).not.toBeInstanceOf(client.ApiError);
  });
});
