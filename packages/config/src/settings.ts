/**
 * One configuration dialect for every app of the toolkit (the MCP server, the dashboard, the sandbox, the
 * CLI, the relay): a setting comes from a command-line flag first, then an environment variable, then its
 * default, and every kind of value is read the same way everywhere. A bad value stops the app with a
 * {@link ConfigError} naming the flag or variable and the fix; a secret's value is never repeated.
 */

/** A setting is missing or invalid; `message` says which (the flag or variable) and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** The flag or variable at fault, such as `INBOX_HUB_BASE_URL` or `--port`. */
  readonly setting: string | undefined;
  constructor(message: string, setting?: string) {
    super(message);
    this.setting = setting;
  }
}

/** How one setting is read. Build them with the helpers below (`url`, `integer`, `boolean`…). */
export interface Setting<T> {
  /** The environment variable, such as `INBOX_HUB_MCP_PORT`. */
  env?: string | undefined;
  /** The command-line flag, such as `--port`. */
  flag?: string | undefined;
  /** A short alias of the flag, such as `-h`. */
  alias?: string | undefined;
  /** One line for `--help`. */
  help: string;
  /** True for a flag that takes no value (`--http`); its presence means true. */
  switch?: boolean;
  /** A flag that may be repeated (`--api-key a --api-key b`); the raw values are joined with commas. */
  repeatable?: boolean;
  /** Never echo the value in an error. */
  secret?: boolean;
  /** Turns the raw text into the value; throws {@link ConfigError} via `fail`. `raw` is undefined when unset. */
  read(raw: string | undefined, name: string): T;
}

/** Common options of the helpers. */
export interface SettingOptions {
  env?: string;
  flag?: string;
  alias?: string;
  help: string;
}

/** What `required` means for a helper: the sentence that tells how to set it. */
type Required = { required: string };

function trimmed(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

/** Quotes a value for an error, shortened, never a secret. */
function shown(raw: string, secret?: boolean): string {
  if (secret) return 'the given value';
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

function missing(name: string, fix: string): ConfigError {
  return new ConfigError(`${name} is not set: ${fix}`, name);
}

/** A text value. */
export function text(options: SettingOptions & Required): Setting<string>;
export function text(options: SettingOptions & { default: string }): Setting<string>;
export function text(options: SettingOptions): Setting<string | undefined>;
export function text(
  options: SettingOptions & Partial<Required> & { default?: string },
): Setting<string | undefined> {
  return {
    ...options,
    read(raw, name) {
      const value = trimmed(raw);
      if (value !== undefined) return value;
      if (options.required !== undefined) throw missing(name, options.required);
      return options.default;
    },
  };
}

/** Options of {@link secret}. */
interface SecretOptions extends SettingOptions {
  /** Fewer characters are refused (with how to make a long random one). */
  minLength?: number;
  /**
   * Keep the value exactly as given, spaces at either end included: for passwords, which may have them.
   * Otherwise (keys, tokens, URLs) the ends are trimmed, since a pasted key often brings a newline.
   */
  exact?: boolean;
}

/**
 * A secret (an API key, a token, a password): trimmed unless `exact`, at least `minLength` characters, and
 * never repeated in an error.
 */
export function secret(options: SecretOptions & Required): Setting<string>;
export function secret(options: SecretOptions): Setting<string | undefined>;
export function secret(options: SecretOptions & Partial<Required>): Setting<string | undefined> {
  return {
    ...options,
    secret: true,
    read(raw, name) {
      if (raw === undefined || raw.trim() === '') {
        if (options.required !== undefined) throw missing(name, options.required);
        return undefined;
      }
      const value = options.exact ? raw : raw.trim();
      if (options.minLength !== undefined && value.length < options.minLength) {
        throw new ConfigError(
          `${name} is too short: use at least ${options.minLength} random characters (for example: openssl rand -hex 32).`,
          name,
        );
      }
      return value;
    },
  };
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** A yes/no value: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off` (any case); a switch flag means yes. */
export function boolean(options: SettingOptions & { default?: boolean }): Setting<boolean> {
  return {
    ...options,
    switch: options.flag !== undefined,
    read(raw, name) {
      const value = trimmed(raw)?.toLowerCase();
      if (value === undefined) return options.default ?? false;
      if (TRUE.has(value)) return true;
      if (FALSE.has(value)) return false;
      throw new ConfigError(
        `${name} must be true or false (1/0, yes/no, on/off), got ${shown(raw ?? '')}.`,
        name,
      );
    },
  };
}

/** A number within `[min, max]`; `integer` refuses fractions. */
export function number(
  options: SettingOptions & { default: number; min: number; max: number; integer?: boolean },
): Setting<number>;
export function number(
  options: SettingOptions & { min: number; max: number; integer?: boolean },
): Setting<number | undefined>;
export function number(
  options: SettingOptions & { default?: number; min: number; max: number; integer?: boolean },
): Setting<number | undefined> {
  return {
    ...options,
    read(raw, name) {
      const value = trimmed(raw);
      if (value === undefined) return options.default;
      const parsed = Number(value);
      const whole = options.integer ? /^-?\d+$/.test(value) : /^-?(\d+\.?\d*|\.\d+)$/.test(value);
      if (!whole || !Number.isFinite(parsed) || parsed < options.min || parsed > options.max) {
        throw new ConfigError(
          `${name} must be a ${options.integer ? 'whole number' : 'number'} from ${options.min} to ${options.max}, got ${shown(value)}.`,
          name,
        );
      }
      return parsed;
    },
  };
}

/** A whole number within `[min, max]`. */
export function integer(
  options: SettingOptions & { default: number; min: number; max: number },
): Setting<number>;
export function integer(options: SettingOptions & { min: number; max: number }): Setting<number | undefined>;
export function integer(
  options: SettingOptions & { default?: number; min: number; max: number },
): Setting<number | undefined> {
  return number({ ...options, integer: true } as SettingOptions & {
    min: number;
    max: number;
    integer: boolean;
  });
}

/** A TCP port (0 picks a free one). */
export function port(options: SettingOptions & { default: number }): Setting<number> {
  return integer({ ...options, min: 0, max: 65_535 });
}

/** Options of {@link url}. */
export interface UrlOptions extends SettingOptions {
  /** An example for messages, such as `https://api.inbox-hub.com`. */
  example: string;
  /** Only an origin: no path, query or fragment (a public URL for links and `Origin` checks). */
  origin?: boolean;
}

/**
 * An http(s) URL, returned without a trailing slash. A URL with a user name or password is refused
 * without being repeated: it carries a credential.
 */
export function url(options: UrlOptions & Required): Setting<string>;
export function url(options: UrlOptions & { default: string }): Setting<string>;
export function url(options: UrlOptions): Setting<string | undefined>;
export function url(
  options: UrlOptions & Partial<Required> & { default?: string },
): Setting<string | undefined> {
  return {
    ...options,
    read(raw, name) {
      const value = trimmed(raw) ?? options.default;
      if (value === undefined) {
        if (options.required !== undefined) throw missing(name, options.required);
        return undefined;
      }
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(`${name} is not a URL: use a full URL such as ${options.example}.`, name);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ConfigError(`${name} must start with http:// or https://, not ${parsed.protocol}//.`, name);
      }
      if (parsed.username || parsed.password) {
        throw new ConfigError(
          `${name} must not contain a user name or password: pass credentials in their own settings.`,
          name,
        );
      }
      if (options.origin) {
        if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
          throw new ConfigError(
            `${name} must be an origin without a path, such as ${options.example}.`,
            name,
          );
        }
        return parsed.origin;
      }
      return value.replace(/\/+$/, '');
    },
  };
}

/** One of a fixed set of words (case-insensitive). */
export function oneOf<const T extends string>(
  options: SettingOptions & { values: readonly T[]; default: T },
): Setting<T> {
  return {
    ...options,
    read(raw, name) {
      const value = trimmed(raw)?.toLowerCase();
      if (value === undefined) return options.default;
      if (!(options.values as readonly string[]).includes(value)) {
        throw new ConfigError(
          `${name} must be one of ${options.values.join(', ')}, got ${shown(value)}.`,
          name,
        );
      }
      return value as T;
    },
  };
}

/** A comma-separated list, each item checked by `item` (which returns it, or throws through `fail`). */
export function list<T = string>(
  options: SettingOptions & {
    item?: (value: string, fail: (why: string) => never) => T;
    /** The items are secrets (API keys): a refused one is never quoted. */
    secret?: boolean;
  },
): Setting<readonly T[] | undefined> {
  return {
    ...options,
    read(raw, name) {
      const value = trimmed(raw);
      if (value === undefined) return undefined;
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0)
        throw new ConfigError(`${name} is empty: list at least one value, or unset it.`, name);
      return items.map((item) =>
        options.item
          ? options.item(item, (why) => {
              throw new ConfigError(`${name} has ${shown(item, options.secret)}: ${why}`, name);
            })
          : (item as T),
      );
    },
  };
}
