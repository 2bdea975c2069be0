import { ConfigError, type Setting } from './settings.js';

/** A set of named settings, as an app declares them. */
export type Spec = Record<string, Setting<unknown>>;

/** The values a {@link Spec} reads to. */
export type Values<S extends Spec> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Where settings come from. */
export interface Source {
  /** Command-line arguments, without the node binary and script. */
  argv?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** The command's name, for "run NAME --help" in errors. */
  command: string;
  /** Accept arguments that are not flags (returned in `positionals`). Default false. */
  positionals?: boolean;
}

/** What {@link readSettings} returns. */
export interface Read<S extends Spec> {
  values: Values<S>;
  /** The settings given by a flag or a variable (not defaulted), for a banner that masks what was given. */
  provided: ReadonlySet<keyof S>;
  positionals: readonly string[];
}

/**
 * Reads every setting of `spec`: its flag first, then its environment variable, then its default. Flags take
 * `--name value` or `--name=value`; a switch (a boolean with a flag) takes no value. Throws {@link ConfigError}
 * for an unknown flag, a flag without its value, or any invalid setting.
 */
export function readSettings<S extends Spec>(spec: S, source: Source): Read<S> {
  const byFlag = new Map<string, keyof S>();
  for (const [key, setting] of Object.entries(spec)) {
    if (setting.flag) byFlag.set(setting.flag, key);
    if (setting.alias) byFlag.set(setting.alias, key);
  }
  const fromFlags = new Map<keyof S, { raw: string; flag: string }>();
  const positionals: string[] = [];
  const argv = source.argv ?? [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      if (!source.positionals) {
        throw new ConfigError(`Unexpected argument "${arg}". Run ${source.command} --help for the options.`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = byFlag.get(flag);
    const setting = key === undefined ? undefined : spec[key];
    if (key === undefined || setting === undefined) {
      throw new ConfigError(`Unknown option "${flag}". Run ${source.command} --help for the options.`, flag);
    }
    let raw: string;
    if (setting.switch) {
      if (eq !== -1) throw new ConfigError(`${flag} takes no value; pass it alone to turn it on.`, flag);
      raw = 'true';
    } else {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
        throw new ConfigError(`${flag} needs a value, for example ${flag}=…`, flag);
      }
      raw = value;
    }
    const previous = fromFlags.get(key);
    if (previous && !setting.repeatable && !setting.switch) {
      throw new ConfigError(`${flag} is given twice; give it once.`, flag);
    }
    fromFlags.set(key, { raw: previous && setting.repeatable ? `${previous.raw},${raw}` : raw, flag });
  }

  const values = {} as Record<keyof S, unknown>;
  const provided = new Set<keyof S>();
  for (const [key, setting] of Object.entries(spec) as Array<[keyof S, Setting<unknown>]>) {
    const flagged = fromFlags.get(key);
    const envValue = setting.env === undefined ? undefined : source.env[setting.env];
    const fromEnv = envValue !== undefined && envValue.trim() !== '';
    const raw = flagged?.raw ?? (fromEnv ? envValue : undefined);
    const name = flagged?.flag ?? (fromEnv ? setting.env : undefined) ?? nameOf(setting);
    if (raw !== undefined) provided.add(key);
    values[key] = setting.read(raw, name as string);
  }
  return { values: values as Values<S>, provided, positionals };
}

/** How an unset setting is named in a message: its variable, and its flag when it has both. */
function nameOf(setting: Setting<unknown>): string {
  if (setting.env && setting.flag) return `${setting.env} (or ${setting.flag})`;
  return setting.env ?? setting.flag ?? 'a setting';
}

/** `--help` lines for the settings: flag and variable, then the help text. */
export function describeSettings(spec: Spec): string {
  const rows = Object.values(spec).map((setting) => {
    const flag = setting.flag
      ? `${setting.flag}${setting.switch ? '' : ' …'}${setting.alias ? `, ${setting.alias}` : ''}`
      : '';
    const where = [flag, setting.env].filter(Boolean).join(', ');
    return [where, setting.help] as const;
  });
  const width = Math.min(44, Math.max(...rows.map(([where]) => where.length)));
  return rows.map(([where, help]) => `  ${where.padEnd(width)}  ${help}`).join('\n');
}
