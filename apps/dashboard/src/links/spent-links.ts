import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * Remembers which connect links are spent (their session connected through them). Memory only by default;
 * with a file, one link id per line is appended, so a restart does not revive a spent link.
 */
export class SpentLinks {
  readonly #ids = new Set<string>();
  readonly #file: string | undefined;

  constructor(file?: string) {
    this.#file = file;
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.#ids.add(line.trim());
    }
  }

  /** True when the link with this id was spent. */
  has(linkId: string): boolean {
    return this.#ids.has(linkId);
  }

  /** Marks a link spent. */
  add(linkId: string): void {
    if (this.#ids.has(linkId)) return;
    this.#ids.add(linkId);
    if (this.#file) appendFileSync(this.#file, `${linkId}\n`, { mode: 0o600 });
  }
}
