import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A progress line on stderr: animated on a terminal, one plain line per change otherwise (logs, CI). */
export interface Spinner {
  /** Sets the text; a function is called again on every frame, so a countdown keeps ticking. */
  update(text: string | (() => string)): void;
  /** Removes the line (on a terminal) so something else can be printed. */
  clear(): void;
  stop(): void;
}

/** Starts a {@link Spinner}. Nothing is written with `--json`, so stdout and stderr stay machine-readable. */
export function createSpinner(io: Io): Spinner {
  if (io.json) return { update() {}, clear() {}, stop() {} };
  if (!io.stderr.isTTY) {
    let last = '';
    return {
      update(next) {
        const line = typeof next === 'function' ? next() : next;
        if (line !== last) io.stderr.write(`${line}\n`);
        last = line;
      },
      clear() {},
      stop() {},
    };
  }
  let text: string | (() => string) = '';
  let frame = 0;
  const draw = () => {
    const line = typeof text === 'function' ? text() : text;
    io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${line}\x1b[K`);
  };
  const timer = setInterval(draw, 100);
  return {
    update(next) {
      text = next;
      draw();
    },
    clear() {
      io.stderr.write('\r\x1b[K');
    },
    stop() {
      clearInterval(timer);
      io.stderr.write('\r\x1b[K');
    },
  };
}
