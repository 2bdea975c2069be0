import type { InboxHub } from '@inbox-hub/client';
import type { Io } from '../io.js';

/** Parsed flags shared by every command (each command reads the ones it knows). */
export interface Flags {
  json: boolean;
  phone?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  out?: string | undefined;
  'out-dir'?: string | undefined;
  connect: boolean;
  timeout?: string | undefined;
  interval?: string | undefined;
  'all-disconnected': boolean;
  'include-error': boolean;
  'show-qr': boolean;
  concurrency?: string | undefined;
}

/** What a command gets. */
export interface CommandContext {
  hub: InboxHub;
  io: Io;
  /** Positional arguments after `sessions <command>`. */
  args: string[];
  flags: Flags;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** A command: resolves with the exit code. */
export type Command = (ctx: CommandContext) => Promise<number>;
