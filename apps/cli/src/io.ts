import { inertJson, type Line } from './terminal-text.js';

/** Where a command writes. Results go to stdout; progress, hints and errors to stderr. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Print JSON instead of text. */
  json: boolean;
}

/** Writes one line to stdout. Only a {@link Line}: server text must go through `line` first. */
export function out(io: Io, text: Line): void {
  io.stdout.write(`${text}\n`);
}

/** Writes one line to stderr. Only a {@link Line}: server text must go through `line` first. */
export function note(io: Io, text: Line): void {
  io.stderr.write(`${text}\n`);
}

/** Prints a value as indented JSON on stdout (dates become ISO strings), exact and inert on a terminal. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${inertJson(value)}\n`);
}

/** True when stdout is a terminal that takes colours (honours NO_COLOR). */
export function colorOk(io: Io): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}
