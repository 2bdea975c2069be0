import { describe, expect, it } from 'vitest';
import {
  boolean,
  ConfigError,
  describeSettings,
  integer,
  list,
  number,
  oneOf,
  port,
  readSettings,
  secret,
  text,
  url,
} from '../src/index.js';

const command = 'test-app';
const read = <S extends Parameters<typeof readSettings>[0]>(
  spec: S,
  env: Record<string, string> = {},
  argv: string[] = [],
) => readSettings(spec, { env, argv, command });
const error = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('booleans read the same way in every app', () => {
  const spec = { on: boolean({ env: 'X_ON', flag: '--on', help: 'turn it on' }) };
  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['false', false],
    ['No', false],
    ['off', false],
    ['', false],
  ])('%j → %s', (raw, expected) => {
    expect(read(spec, { X_ON: raw }).values.on).toBe(expected);
  });

  it('refuses anything else, naming the variable', () => {
    expect(error(() => read(spec, { X_ON: 'maybe' })).message).toBe(
      'X_ON must be true or false (1/0, yes/no, on/off), got "maybe".',
    );
  });

  it('a switch flag turns it on and wins over the environment', () => {
    expect(read(spec, { X_ON: 'false' }, ['--on']).values.on).toBe(true);
    expect(error(() => read(spec, {}, ['--on=1'])).message).toMatch(/--on takes no value/);
  });
});

describe('numbers', () => {
  const spec = {
    port: port({ env: 'X_PORT', flag: '--port', default: 3333, help: 'port' }),
    ttl: number({ env: 'X_TTL', default: 24, min: 0.01, max: 720, help: 'hours' }),
    count: integer({ env: 'X_COUNT', min: 1, max: 10, help: 'count' }),
  };
  it('default, environment, then flag', () => {
    expect(read(spec).values).toEqual({ port: 3333, ttl: 24, count: undefined });
    expect(read(spec, { X_PORT: '4000', X_TTL: '0.5', X_COUNT: '3' }).values).toEqual({
      port: 4000,
      ttl: 0.5,
      count: 3,
    });
    expect(read(spec, { X_PORT: '4000' }, ['--port', '5000']).values.port).toBe(5000);
    expect(read(spec, {}, ['--port=6000']).values.port).toBe(6000);
  });
  it.each([
    [{ X_PORT: '70000' }, 'X_PORT must be a whole number from 0 to 65535, got "70000".'],
    [{ X_PORT: '12.5' }, 'X_PORT must be a whole number from 0 to 65535, got "12.5".'],
    [{ X_PORT: '1e3' }, 'X_PORT must be a whole number from 0 to 65535, got "1e3".'],
    [{ X_TTL: 'abc' }, 'X_TTL must be a number from 0.01 to 720, got "abc".'],
    [{ X_COUNT: '0' }, 'X_COUNT must be a whole number from 1 to 10, got "0".'],
  ])('%j is refused', (env, message) => {
    expect(error(() => read(spec, env)).message).toBe(message);
  });
  it('names the flag when the flag was wrong', () => {
    expect(error(() => read(spec, {}, ['--port', 'x'])).message).toMatch(/^--port must be a whole number/);
  });
});

describe('URLs', () => {
  const spec = {
    base: url({
      env: 'X_URL',
      example: 'https://api.inbox-hub.com',
      required: 'set it to the API URL.',
      help: 'the API',
    }),
    pub: url({ env: 'X_PUBLIC', example: 'https://wa.example.com', origin: true, help: 'public URL' }),
  };
  it('strips trailing slashes and keeps an origin', () => {
    expect(read(spec, { X_URL: 'https://api.test/v1///', X_PUBLIC: 'https://wa.test/' }).values).toEqual({
      base: 'https://api.test/v1',
      pub: 'https://wa.test',
    });
  });
  it('says when a required URL is missing, with the fix', () => {
    expect(error(() => read(spec, {})).message).toBe('X_URL is not set: set it to the API URL.');
  });
  it('refuses non-URLs, other schemes, paths on an origin, and credentials without echoing them', () => {
    expect(error(() => read(spec, { X_URL: 'api.test' })).message).toMatch(/X_URL is not a URL/);
    expect(error(() => read(spec, { X_URL: 'ftp://api.test' })).message).toMatch(/must start with http/);
    expect(error(() => read(spec, { X_URL: 'https://a', X_PUBLIC: 'https://wa.test/app' })).message).toMatch(
      /must be an origin without a path/,
    );
    // Built at run time: a literal credential URL would (rightly) trip the repository's secret scan.
    const credentialed = new URL('https://api.test');
    credentialed.username = 'user';
    credentialed.password = 'hunter2secret';
    const leak = error(() => read(spec, { X_URL: credentialed.href }));
    expect(leak.message).not.toContain('hunter2secret');
    expect(leak.setting).toBe('X_URL');
  });
});

describe('secrets and text', () => {
  const spec = {
    key: secret({ env: 'X_KEY', required: 'set it to your API key.', help: 'API key' }),
    token: secret({ env: 'X_TOKEN', minLength: 16, help: 'token' }),
    password: secret({ env: 'X_PASSWORD', exact: true, help: 'password' }),
    name: text({ env: 'X_NAME', default: 'operator', help: 'name' }),
  };
  it('trims a key or token (a pasted one brings a newline), keeps a password exactly, repeats neither', () => {
    const values = read(spec, { X_KEY: ' k e y\n', X_PASSWORD: ' pass word ' }).values;
    expect(values.key).toBe('k e y');
    expect(values.password).toBe(' pass word ');
    // The length that counts is the trimmed one.
    expect(error(() => read(spec, { X_KEY: 'k', X_TOKEN: `${' '.repeat(10)}0123456789\n` })).message).toMatch(
      /X_TOKEN is too short/,
    );
    const short = error(() => read(spec, { X_KEY: 'k', X_TOKEN: 'short-secret' }));
    expect(short.message).toMatch(/X_TOKEN is too short: use at least 16/);
    expect(short.message).not.toContain('short-secret');
    expect(error(() => read(spec, {})).message).toBe('X_KEY is not set: set it to your API key.');
  });
  it('text is trimmed and defaulted', () => {
    expect(read(spec, { X_KEY: 'k', X_NAME: '  ana ' }).values.name).toBe('ana');
    expect(read(spec, { X_KEY: 'k' }).values.name).toBe('operator');
  });
  it('reports which settings were given', () => {
    expect([...read(spec, { X_KEY: 'k' }).provided]).toEqual(['key']);
  });
});

describe('lists, choices and flags', () => {
  const spec = {
    tools: list({
      env: 'X_TOOLS',
      flag: '--tools',
      help: 'tools',
      item: (v, fail) => (['a', 'b'].includes(v) ? v : fail('choose from a, b.')),
    }),
    level: oneOf({ env: 'X_LEVEL', values: ['debug', 'info'] as const, default: 'info', help: 'level' }),
    keys: text({ env: 'X_KEYS', flag: '--key', help: 'keys' }),
  };
  it('splits, checks each item, and names the bad one', () => {
    expect(read(spec, { X_TOOLS: 'a, b' }).values.tools).toEqual(['a', 'b']);
    expect(error(() => read(spec, { X_TOOLS: 'a,c' })).message).toBe('X_TOOLS has "c": choose from a, b.');
    expect(error(() => read(spec, { X_TOOLS: ' , ' })).message).toMatch(/X_TOOLS is empty/);
  });
  it('never quotes a refused item of a secret list', () => {
    const keys = {
      keys: list({
        env: 'X_KEYS',
        help: 'keys',
        secret: true,
        item: (v, fail) => (v.length > 8 ? v : fail('too short.')),
      }),
    };
    const message = error(() => read(keys, { X_KEYS: 'long-enough-key,sk-short' })).message;
    expect(message).toBe('X_KEYS has the given value: too short.');
    expect(message).not.toContain('sk-short');
  });
  it('reads a choice case-insensitively', () => {
    expect(read(spec, { X_LEVEL: 'DEBUG' }).values.level).toBe('debug');
    expect(error(() => read(spec, { X_LEVEL: 'loud' })).message).toBe(
      'X_LEVEL must be one of debug, info, got "loud".',
    );
  });
  it('refuses unknown flags, missing values, repeats and stray arguments', () => {
    expect(error(() => read(spec, {}, ['--nope'])).message).toBe(
      'Unknown option "--nope". Run test-app --help for the options.',
    );
    expect(error(() => read(spec, {}, ['--tools'])).message).toMatch(/--tools needs a value/);
    expect(error(() => read(spec, {}, ['--tools', '--key', 'x'])).message).toMatch(/--tools needs a value/);
    expect(error(() => read(spec, {}, ['--key', 'a', '--key', 'b'])).message).toMatch(/--key is given twice/);
    expect(error(() => read(spec, {}, ['stray'])).message).toMatch(/Unexpected argument "stray"/);
  });
  it('collects a repeatable flag and accepts positionals when asked', () => {
    const repeat = { keys: { ...text({ flag: '--key', help: 'keys' }), repeatable: true } };
    expect(readSettings(repeat, { env: {}, argv: ['--key', 'a', '--key=b'], command }).values.keys).toBe(
      'a,b',
    );
    expect(
      readSettings(repeat, { env: {}, argv: ['sessions', 'list'], command, positionals: true }).positionals,
    ).toEqual(['sessions', 'list']);
  });
  it('describes every setting for --help', () => {
    const help = describeSettings(spec);
    expect(help).toContain('--tools …, X_TOOLS');
    expect(help).toContain('X_LEVEL');
  });
});
