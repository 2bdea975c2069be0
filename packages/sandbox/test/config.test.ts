import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';

describe('readConfig (the only place that reads INBOX_HUB_SANDBOX_*)', () => {
  it('defaults to 127.0.0.1:4010 in memory with a generated account', () => {
    const config = readConfig([], {});
    expect(config.options).toEqual({ port: 4010, host: '127.0.0.1' });
    expect(config.providedApiKey).toBe(false);
  });

  it('reads the environment', () => {
    const config = readConfig([], {
      INBOX_HUB_SANDBOX_PORT: '0',
      INBOX_HUB_SANDBOX_DATA: '/tmp/x.db',
      INBOX_HUB_SANDBOX_API_KEY: 'ihk_test_one, ihk_test_two',
      INBOX_HUB_SANDBOX_EMAIL: 'crm@example.com',
      INBOX_HUB_SANDBOX_PASSWORD: 'example-password',
      INBOX_HUB_SANDBOX_AUTO_SCAN: '5',
      INBOX_HUB_SANDBOX_RATE_LIMIT: '0',
      INBOX_HUB_SANDBOX_QR_FIRST: '6',
    });
    expect(config.options).toMatchObject({
      port: 0,
      dataFile: '/tmp/x.db',
      tenants: [
        { apiKey: 'ihk_test_one', email: 'crm@example.com', password: 'example-password' },
        { apiKey: 'ihk_test_two' },
      ],
      autoScanAfterMs: 5_000,
      rateLimit: false,
      qr: { firstQrMs: 6_000 },
    });
    expect(config.providedApiKey && config.providedPassword).toBe(true);
  });

  it('lets flags win over the environment', () => {
    const config = readConfig(
      ['--port', '5000', '--api-key', 'ihk_test_flag', '--latency', '20', '--rate-limit', '30'],
      {
        INBOX_HUB_SANDBOX_PORT: '6000',
        INBOX_HUB_SANDBOX_API_KEY: 'ihk_test_env',
      },
    );
    expect(config.options).toMatchObject({
      port: 5000,
      tenants: [{ apiKey: 'ihk_test_flag' }],
      latencyMs: 20,
      rateLimit: { limit: 30, windowMs: 60_000 },
    });
  });

  it('refuses bad values with a message naming the setting', () => {
    expect(() => readConfig(['--port', 'abc'], {})).toThrow(/--port must be a whole number from 0 to 65535/);
    expect(() => readConfig(['--qr-max', '0'], {})).toThrow(/--qr-max/);
    expect(() => readConfig(['--password', 'x'], {})).toThrow(/need --api-key/);
    expect(() => readConfig(['--nope'], {})).toThrow(/Unknown option "--nope"/);
    expect(() => readConfig([], { INBOX_HUB_SANDBOX_RATE_LIMIT: 'lots' })).toThrow(
      /INBOX_HUB_SANDBOX_RATE_LIMIT must be a whole number/,
    );
  });

  it('reads booleans and repeated keys in the one dialect', () => {
    expect(readConfig(['--json', '--api-key', 'ihk_a', '--api-key', 'ihk_b'], {}).options.tenants).toEqual([
      { apiKey: 'ihk_a' },
      { apiKey: 'ihk_b' },
    ]);
    expect(readConfig(['--json'], {}).json).toBe(true);
  });
});
