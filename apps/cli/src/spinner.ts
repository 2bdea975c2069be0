import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A progress line on stderr: animated on a terminal, one plain line per change otherwise (logs, CI). */
export interface Spinner {
  update(text: string): void;
  /** Removes the line (on a terminal) so something else can be printed. */
  clear(): void;
  stop(): void;
}

/** Starts a {@link Spinner}. Nothing is written with `--json`, so stdout and stderr stay machine-readable. */
export function createSpinner(io: Io): Spinner {
  if (io.json) return { update() {}, clear() {}, stop() {} };
  let text = '';
  if (!io.stderr.isTTY) {
    return {
      update(next) {
        if (next !== text) io.stderr.write(`${next}\n`);
        text = next;
      },
      clear() {},
      stop() {},
    };
  }
  let frame = 0;
  const draw = () => io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}\x1b[K`);
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
