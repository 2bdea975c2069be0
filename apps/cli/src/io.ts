/** Where a command writes. Results go to stdout; progress, hints and errors to stderr. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Print JSON instead of text. */
  json: boolean;
}

/** Writes one line to stdout. */
export function out(io: Io, text: string): void {
  io.stdout.write(`${text}\n`);
}

/** Writes one line to stderr. */
export function note(io: Io, text: string): void {
  io.stderr.write(`${text}\n`);
}

/** Prints a value as indented JSON on stdout (dates become ISO strings). */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** True when stdout is a terminal that takes colours (honours NO_COLOR). */
export function colorOk(io: Io): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}
