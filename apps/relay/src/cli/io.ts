/** Where a command writes: stdout for results, stderr for notes and errors. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The process's streams. */
export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
