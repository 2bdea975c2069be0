import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';

const base = {
  INBOX_HUB_BASE_URL: 'https://api.inbox-hub.com',
  INBOX_HUB_API_KEY: 'ihk_test_key',
  INBOX_HUB_DASHBOARD_PASSWORD: 'a long operator password',
  INBOX_HUB_DASHBOARD_SECRET: 'x'.repeat(40),
};

describe('readConfig', () => {
  it('applies the defaults', () => {
    const config = readConfig(base);
    expect(config).toMatchObject({
      operatorUser: 'operator',
      host: '127.0.0.1',
      port: 4020,
      publicUrl: 'http://127.0.0.1:4020',
      secureCookies: false,
      linkTtlMs: 24 * 3_600_000,
      pollIntervalMs: 3000,
      apiToken: undefined,
    });
  });

  it('turns on secure cookies behind an https public URL', () => {
    const config = readConfig({ ...base, INBOX_HUB_DASHBOARD_PUBLIC_URL: 'https://wa.example.com' });
    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe('https://wa.example.com');
  });

  it.each([
    [{ INBOX_HUB_BASE_URL: '' }, 'INBOX_HUB_BASE_URL is not set'],
    [{ INBOX_HUB_BASE_URL: 'ftp://x' }, 'INBOX_HUB_BASE_URL must start with http'],
    [{ INBOX_HUB_API_KEY: '' }, 'INBOX_HUB_API_KEY is not set'],
    [{ INBOX_HUB_DASHBOARD_PASSWORD: '' }, 'INBOX_HUB_DASHBOARD_PASSWORD is not set'],
    [{ INBOX_HUB_DASHBOARD_PASSWORD: 'short' }, 'INBOX_HUB_DASHBOARD_PASSWORD is too short'],
    [{ INBOX_HUB_DASHBOARD_SECRET: 'short' }, 'INBOX_HUB_DASHBOARD_SECRET is too short'],
    [{ INBOX_HUB_DASHBOARD_PORT: 'abc' }, 'INBOX_HUB_DASHBOARD_PORT must be a whole number'],
    [{ INBOX_HUB_DASHBOARD_PUBLIC_URL: 'http://wa.example.com' }, 'serve the dashboard over https'],
    [{ INBOX_HUB_DASHBOARD_PUBLIC_URL: 'https://wa.example.com/panel' }, 'without a path'],
    [{ INBOX_HUB_DASHBOARD_API_TOKEN: 'short' }, 'INBOX_HUB_DASHBOARD_API_TOKEN is too short'],
    [{ INBOX_HUB_DASHBOARD_LINK_TTL_HOURS: '0' }, 'INBOX_HUB_DASHBOARD_LINK_TTL_HOURS must be a number'],
    [{ INBOX_HUB_EMAIL: 'a@example.com' }, 'Set both INBOX_HUB_EMAIL and INBOX_HUB_PASSWORD'],
  ])('refuses %o naming the variable and the fix', (override, message) => {
    expect(() => readConfig({ ...base, ...override })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, ...override })).toThrow(message);
  });

  it('reads booleans in the one dialect (yes/no, on/off, 1/0, true/false)', () => {
    for (const value of ['yes', 'on', '1', 'true', 'TRUE']) {
      expect(readConfig({ ...base, INBOX_HUB_DASHBOARD_TRUST_PROXY: value }).trustProxy).toBe(true);
    }
    for (const value of ['no', 'off', '0', 'false']) {
      expect(readConfig({ ...base, INBOX_HUB_DASHBOARD_TRUST_PROXY: value }).trustProxy).toBe(false);
    }
    expect(() => readConfig({ ...base, INBOX_HUB_DASHBOARD_TRUST_PROXY: 'maybe' })).toThrow(ConfigError);
  });

  it('keeps state in the SQLite file unless a PostgreSQL URL is given, and never echoes that URL', () => {
    const sqlite = readConfig({ ...base, INBOX_HUB_DASHBOARD_DATA: '/var/lib/ihd/state.sqlite' });
    expect(sqlite.store).toBe('/var/lib/ihd/state.sqlite');
    expect(sqlite.databaseUrl).toBeUndefined();
    const pg = `postgres://dash:${'p'.repeat(12)}@db.internal:5432/dashboard`;
    const shared = readConfig({ ...base, INBOX_HUB_DASHBOARD_DATABASE_URL: pg });
    expect(shared.store).toBe(pg);
    const mysql = `mysql://dash:${'q'.repeat(12)}@db.internal/dashboard`;
    let error: unknown;
    try {
      readConfig({ ...base, INBOX_HUB_DASHBOARD_DATABASE_URL: mysql });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('INBOX_HUB_DASHBOARD_DATABASE_URL must be a PostgreSQL URL');
    expect((error as Error).message).not.toContain('q'.repeat(12));
  });

  it('never puts a secret in an error message', () => {
    try {
      readConfig({
        ...base,
        INBOX_HUB_DASHBOARD_SECRET: base.INBOX_HUB_DASHBOARD_PASSWORD.padEnd(40, 'y'),
        INBOX_HUB_DASHBOARD_PORT: 'nope',
      });
    } catch (error) {
      expect((error as Error).message).not.toContain(base.INBOX_HUB_API_KEY);
      expect((error as Error).message).not.toContain(base.INBOX_HUB_DASHBOARD_PASSWORD);
    }
  });
});
