import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, parseCommand } from '../src/config.js';

const BASE = { INBOX_HUB_BASE_URL: 'http://127.0.0.1:4010', INBOX_HUB_API_KEY: 'ihk_test_key' };

function run(argv: string[], env: Record<string, string | undefined> = BASE): Config {
  const command = parseCommand(argv, env);
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command.config;
}

function failure(argv: string[], env: Record<string, string | undefined>): string {
  try {
    parseCommand(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults to stdio, all tools, loopback HTTP settings', () => {
    expect(run([])).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010',
      transport: 'stdio',
      readOnly: false,
      allowedTools: undefined,
      host: '127.0.0.1',
      port: 3333,
      httpToken: undefined,
      logLevel: 'info',
    });
  });

  it('names the variable and the fix when the base URL or key is missing or invalid', () => {
    expect(failure([], { INBOX_HUB_API_KEY: 'k' })).toMatch(/^INBOX_HUB_BASE_URL is not set: set it to/);
    expect(failure([], { ...BASE, INBOX_HUB_BASE_URL: 'api.inbox-hub.com' })).toMatch(
      /^INBOX_HUB_BASE_URL is not a URL: use a full URL/,
    );
    expect(failure([], { ...BASE, INBOX_HUB_BASE_URL: 'ftp://x' })).toMatch(/http:\/\/ or https:\/\//);
    // Built with URL so no credential-shaped literal sits in the source (secretlint scans it).
    const credentialUrl = new URL('https://x.test');
    credentialUrl.username = 'user';
    credentialUrl.password = 's3cret-pw';
    const withCredentials = failure([], { ...BASE, INBOX_HUB_BASE_URL: credentialUrl.href });
    expect(withCredentials).toMatch(/must not contain a user name or password/);
    expect(withCredentials).not.toContain('s3cret-pw');
    expect(failure([], { INBOX_HUB_BASE_URL: BASE.INBOX_HUB_BASE_URL, INBOX_HUB_API_KEY: '  ' })).toMatch(
      /^INBOX_HUB_API_KEY is not set/,
    );
    expect(failure([], { ...BASE, INBOX_HUB_EMAIL: 'a@b.c' })).toMatch(/^INBOX_HUB_PASSWORD is not set/);
  });

  it('reads --http, --host, --port and the token', () => {
    const config = run(['--http', '--port', '8080', '--host=localhost'], {
      ...BASE,
      INBOX_HUB_MCP_TOKEN: 'a'.repeat(32),
    });
    expect(config).toMatchObject({
      transport: 'http',
      port: 8080,
      host: 'localhost',
      httpToken: 'a'.repeat(32),
    });
    expect(failure(['--port', 'x'], BASE)).toMatch(/^--port must be a whole number/);
    expect(failure(['--port'], BASE)).toMatch(/--port needs a value/);
    expect(failure([], { ...BASE, INBOX_HUB_MCP_TOKEN: 'short' })).toMatch(
      /INBOX_HUB_MCP_TOKEN is too short/,
    );
  });

  it('refuses to listen beyond loopback without a bearer token', () => {
    expect(failure(['--http', '--host', '0.0.0.0'], BASE)).toMatch(/set INBOX_HUB_MCP_TOKEN/);
    expect(run(['--http', '--host', '0.0.0.0'], { ...BASE, INBOX_HUB_MCP_TOKEN: 'b'.repeat(20) }).host).toBe(
      '0.0.0.0',
    );
  });

  it('reads read-only mode and the allow-list, and rejects unknown tools', () => {
    expect(run(['--read-only']).readOnly).toBe(true);
    expect(run([], { ...BASE, INBOX_HUB_MCP_READ_ONLY: 'true' }).readOnly).toBe(true);
    expect(failure([], { ...BASE, INBOX_HUB_MCP_READ_ONLY: 'maybe' })).toMatch(/must be true or false/);
    expect(run(['--tools', 'list_sessions, get_qr_code']).allowedTools).toEqual([
      'list_sessions',
      'get_qr_code',
    ]);
    expect(failure([], { ...BASE, INBOX_HUB_MCP_TOOLS: 'list_sessions,drop_tables' })).toMatch(
      /INBOX_HUB_MCP_TOOLS has "drop_tables": it is not a tool: choose from create_session/,
    );
  });

  it('normalises allowed origins and rejects garbage', () => {
    expect(
      run([], { ...BASE, INBOX_HUB_MCP_ALLOWED_ORIGINS: 'https://app.example.com/, http://localhost:5173' })
        .allowedOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(failure([], { ...BASE, INBOX_HUB_MCP_ALLOWED_ORIGINS: 'not an origin' })).toMatch(
      /is not an origin/,
    );
  });

  it("reads the dashboard's connect-link API settings: both or neither, https or loopback, a real token", () => {
    const token = 't'.repeat(32);
    expect(run([]).dashboard).toBeUndefined();
    expect(
      run([], {
        ...BASE,
        INBOX_HUB_DASHBOARD_URL: 'https://wa.example.com/',
        INBOX_HUB_DASHBOARD_API_TOKEN: token,
      }).dashboard,
    ).toEqual({ url: 'https://wa.example.com', token });
    expect(
      run([], {
        ...BASE,
        INBOX_HUB_DASHBOARD_URL: 'http://127.0.0.1:4020',
        INBOX_HUB_DASHBOARD_API_TOKEN: token,
      }).dashboard?.url,
    ).toBe('http://127.0.0.1:4020');
    expect(failure([], { ...BASE, INBOX_HUB_DASHBOARD_URL: 'https://wa.example.com' })).toMatch(
      /^INBOX_HUB_DASHBOARD_API_TOKEN is not set: set both/,
    );
    expect(failure([], { ...BASE, INBOX_HUB_DASHBOARD_API_TOKEN: token })).toMatch(
      /^INBOX_HUB_DASHBOARD_URL is not set/,
    );
    const plain = failure([], {
      ...BASE,
      INBOX_HUB_DASHBOARD_URL: 'http://wa.example.com',
      INBOX_HUB_DASHBOARD_API_TOKEN: token,
    });
    expect(plain).toMatch(/unencrypted: use https:\/\//);
    expect(plain).not.toContain(token);
    expect(
      failure([], {
        ...BASE,
        INBOX_HUB_DASHBOARD_URL: 'https://wa.example.com',
        INBOX_HUB_DASHBOARD_API_TOKEN: 'short',
      }),
    ).toMatch(/INBOX_HUB_DASHBOARD_API_TOKEN is too short/);
    expect(failure(['--tools', 'create_connect_link'], BASE)).toMatch(
      /names create_connect_link, which needs .*INBOX_HUB_DASHBOARD_URL/,
    );
  });

  it('rejects unknown flags and answers --help and --version', () => {
    expect(failure(['--verbose'], BASE)).toMatch(/Unknown option "--verbose"/);
    expect(failure(['--http', '--stdio'], BASE)).toMatch(/--http or --stdio, not both/);
    expect(failure(['--http=yes'], BASE)).toMatch(/--http takes no value/);
    expect(parseCommand(['--help'], {}).kind).toBe('help');
    expect(parseCommand(['--version'], {}).kind).toBe('version');
  });
});
