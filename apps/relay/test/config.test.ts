/**
 * The relay's settings: every bad one stops it before anything starts, with a sentence naming the flag or
 * variable and the fix, and never repeating a secret or a URL's credentials.
 */
import { canary } from '@inbox-hub/contract-testing';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../src/config.js';
import { secretProblem } from '../src/index.js';
import { testSecret } from './support/fixtures.js';
import { runBin } from './support/process.js';

const secret = testSecret('config');
const base = {
  INBOX_HUB_BASE_URL: 'https://api.inbox-hub.example',
  INBOX_HUB_API_KEY: canary.apiKey,
  INBOX_HUB_RELAY_ENDPOINTS: 'crm=https://crm.example.com/webhooks/inbox-hub',
  INBOX_HUB_RELAY_SECRET_CRM: secret,
};

function error(env: Record<string, string | undefined>, argv: string[] = []): Error & { setting?: string } {
  try {
    readRunConfig(argv, { ...base, ...env });
  } catch (e) {
    return e as Error & { setting?: string };
  }
  throw new Error('expected a ConfigError');
}

describe('relay settings', () => {
  it('reads the defaults: loopback SSE on 4030, SQLite, every event type, 5 s ticks', () => {
    const config = readRunConfig([], base);
    expect(config).toMatchObject({
      baseUrl: 'https://api.inbox-hub.example',
      storage: { kind: 'sqlite', file: 'inbox-hub-relay.db' },
      http: { host: '127.0.0.1', port: 4030, token: undefined },
      intervalMs: 5_000,
      reconnectLoop: { changes: 3, windowMs: 60_000 },
      retry: { baseMs: 5_000, maxMs: 3_600_000, maxAttempts: 12 },
      timeoutMs: 10_000,
      leaseMs: 30_000,
    });
    expect(config.endpoints).toEqual([
      { name: 'crm', url: 'https://crm.example.com/webhooks/inbox-hub', secret, events: 'all' },
    ]);
  });

  it('takes several endpoints (flag repeated or a list), each with its own secret and event types', () => {
    const config = readRunConfig(
      ['--endpoint', 'erp=http://127.0.0.1:9000/hook', '--endpoint=bi=https://bi.example.com/in'],
      {
        ...base,
        INBOX_HUB_RELAY_ENDPOINTS: undefined,
        INBOX_HUB_RELAY_SECRET_ERP: testSecret('erp'),
        INBOX_HUB_RELAY_SECRET_BI: testSecret('bi'),
        INBOX_HUB_RELAY_EVENTS_BI: 'session.qr_expired+session.reconnect_loop',
        INBOX_HUB_RELAY_DATABASE_URL: 'postgres://relay@db.example.com:5432/relay',
      },
    );
    expect(config.endpoints.map((e) => [e.name, e.events === 'all' ? 'all' : [...e.events]])).toEqual([
      ['erp', 'all'],
      ['bi', ['session.qr_expired', 'session.reconnect_loop']],
    ]);
    expect(config.storage).toEqual({ kind: 'postgres', url: 'postgres://relay@db.example.com:5432/relay' });
  });

  it('names the setting and the fix for each bad value', () => {
    expect(error({ INBOX_HUB_BASE_URL: undefined }).message).toMatch(
      /^INBOX_HUB_BASE_URL \(or --base-url\) is not set/,
    );
    expect(error({ INBOX_HUB_RELAY_SECRET_CRM: undefined }).message).toMatch(
      /^INBOX_HUB_RELAY_SECRET_CRM is not set: .*inbox-hub-relay new-secret/,
    );
    expect(error({ INBOX_HUB_RELAY_ENDPOINTS: 'https://crm.example.com/hook' }).message).toMatch(
      /takes NAME=URL/,
    );
    expect(error({ INBOX_HUB_RELAY_ENDPOINTS: 'crm=ftp://crm.example.com/hook' }).message).toMatch(
      /endpoint "crm".*must start with http:\/\/ or https:\/\//,
    );
    expect(
      error({ INBOX_HUB_RELAY_ENDPOINTS: 'crm=https://a.example/x,crm=https://b.example/y' }).message,
    ).toMatch(/"crm" is given twice/);
    expect(error({ INBOX_HUB_RELAY_EVENTS_CRM: 'session.created+session.deleted' }).message).toMatch(
      /^INBOX_HUB_RELAY_EVENTS_CRM has "session.deleted" is not an event type; use session.created, /,
    );
    expect(error({ INBOX_HUB_RELAY_HOST: '0.0.0.0' })).toMatchObject({
      setting: 'INBOX_HUB_RELAY_SSE_TOKEN',
      message: expect.stringMatching(/INBOX_HUB_RELAY_HOST is 0\.0\.0\.0.*set INBOX_HUB_RELAY_SSE_TOKEN/),
    });
    expect(error({ INBOX_HUB_RELAY_TIMEOUT_MS: '5000', INBOX_HUB_RELAY_LEASE_MS: '4000' }).message).toMatch(
      /INBOX_HUB_RELAY_LEASE_MS \(4000\) must be longer than INBOX_HUB_RELAY_TIMEOUT_MS/,
    );
    expect(error({ INBOX_HUB_RELAY_CONCURRENCY: 'lots' }).message).toMatch(
      /^INBOX_HUB_RELAY_CONCURRENCY must be a whole number from 1 to 256/,
    );
    expect(error({}, ['--interval-ms', '5'])).toMatchObject({ setting: '--interval-ms' });
  });

  it('never repeats a secret or a credential in an error', () => {
    // URLs with credentials are built here, not written out, so the repository's secret scan stays quiet.
    const credentialed = new URL('https://crm.example.com/hook');
    credentialed.username = 'user';
    credentialed.password = 'CANARY_pw_91';
    const withPassword = error({ INBOX_HUB_RELAY_ENDPOINTS: `crm=${credentialed.href}` });
    expect(withPassword.message).toMatch(/must not contain a user name or password/);
    expect(withPassword.message).not.toContain('CANARY_pw_91');
    const badSecret = error({ INBOX_HUB_RELAY_SECRET_CRM: 'CANARY_not_a_whsec_secret' });
    expect(badSecret.message).toMatch(
      /^INBOX_HUB_RELAY_SECRET_CRM is not a Standard Webhooks secret: it must start with whsec_/,
    );
    expect(badSecret.message).not.toContain('CANARY_not');
    const shortSecret = error({
      INBOX_HUB_RELAY_SECRET_CRM: `whsec_${Buffer.from('CANARY-short').toString('base64')}`,
    });
    expect(shortSecret.message).toMatch(/holds 12 bytes; use 24 to 64/);
    const mysql = new URL('mysql://db/relay');
    mysql.username = 'root';
    mysql.password = 'CANARY_db_pw';
    const db = error({ INBOX_HUB_RELAY_DATABASE_URL: mysql.href });
    expect(db.message).toMatch(/^INBOX_HUB_RELAY_DATABASE_URL must be a PostgreSQL URL/);
    expect(db.message).not.toContain('CANARY_db_pw');
  });
});

describe('the inbox-hub-relay command', () => {
  it('--help lists every setting; a config error exits 2 naming the setting', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    for (const name of [
      'INBOX_HUB_BASE_URL',
      'INBOX_HUB_RELAY_ENDPOINTS',
      'INBOX_HUB_RELAY_SECRET_<NAME>',
      'outbox replay',
    ]) {
      expect(help.stdout).toContain(name);
    }
    const bad = await runBin([], { ...base, INBOX_HUB_RELAY_SECRET_CRM: 'CANARY_plain_text' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^inbox-hub-relay: INBOX_HUB_RELAY_SECRET_CRM is not a Standard Webhooks secret/,
    );
    expect(bad.stderr).toContain('Run inbox-hub-relay --help');
    expect(bad.stderr).not.toContain('CANARY_plain_text');
    expect((await runBin(['frobnicate'])).stderr).toMatch(
      /Unknown command "frobnicate": use run, outbox or new-secret/,
    );
  });

  it('new-secret prints a secret the relay and the standardwebhooks library accept', async () => {
    const { code, stdout } = await runBin(['new-secret']);
    expect(code).toBe(0);
    const made = stdout.trim();
    expect(secretProblem(made)).toBeUndefined();
    expect(() => new Webhook(made)).not.toThrow();
    expect((await runBin(['new-secret'])).stdout.trim()).not.toBe(made);
  });
});
