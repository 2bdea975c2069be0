import fc from 'fast-check';

/**
 * Shared generators and oracles for the property-based input tests of every surface. The oracles are
 * written from the spec's rules, character by character, not with the regular expressions the code
 * under test uses.
 */

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The spec's `sessionId` rule: 1 to 100 letters, digits, `_` or `-`. */
export function isValidSessionId(s: string): boolean {
  return s.length >= 1 && s.length <= 100 && [...s].every((c) => ALNUM.includes(c) || c === '_' || c === '-');
}

/** The spec's phone rule: 8 to 15 digits, country code first (no leading 0), no `+` or separators. */
export function isValidPhone(s: string): boolean {
  return s.length >= 8 && s.length <= 15 && s[0] !== '0' && [...s].every((c) => c >= '0' && c <= '9');
}

/** Path tricks and edge cases every surface must refuse (or, for the last, accept). */
export const SESSION_ID_TRICKS = [
  '../',
  '..%2F..%2Fetc',
  'a%2Fb',
  'a/b',
  'with space',
  ' leading',
  'trailing ',
  'cliente_ñ',
  'клиент',
  '客户_001',
  'emoji_😀',
  'a'.repeat(101),
  '',
  '.',
  '..',
  'a\u0000b',
  'a\nb',
  '%00',
  '?x=1',
  '#frag',
  'a'.repeat(100),
];

/** Session ids: tricks, valid ids, any string, any graphemes, and strings of path-ish characters. */
export const sessionIdArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SESSION_ID_TRICKS),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', '_', '-', '.', '/', '%', ' ', '2', 'F'), maxLength: 12 }),
);

/** Phone numbers: valid ones, with `+`, with spaces, with letters, and any string. */
export const phoneArb: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{7,14}$/),
  fc.stringMatching(/^\+[0-9]{8,15}$/),
  fc.stringMatching(/^[0-9]{2,4}( [0-9]{2,4}){1,4}$/),
  fc.stringMatching(/^[0-9a-zA-Z]{6,16}$/),
  fc.string({ unit: fc.constantFrom('0', '3', '4', '+', ' ', '-', '(', ')', 'x'), maxLength: 18 }),
  fc.string({ maxLength: 20 }),
);

/** Names around the 100-character limit, blank ones included. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 130 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
);

/** Descriptions around the 500-character limit. */
export const descriptionArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 520 }),
  fc.string({ minLength: 495, maxLength: 510 }),
);

/** Cases run between two turns of the event loop (see {@link CaseCounter.count}). */
const CASES_PER_TURN = 100;

/** Counts cases per field for the reliability report, and lets the event loop turn while they run. */
export class CaseCounter {
  readonly fields: Record<string, { cases: number; invalid: number }> = {};
  #sinceTurn = 0;

  /**
   * Counts one case. Every {@link CASES_PER_TURN}th also yields a turn of the event loop: 10 000 cases
   * of promise-only work (an in-memory MCP transport, a fake fetch) otherwise hold the loop for the whole
   * run, and on a busy machine that passes the 60 s in which vitest's worker must hear back from the main
   * process ("Timeout calling onTaskUpdate").
   */
  async count(field: string, valid: boolean): Promise<void> {
    this.fields[field] ??= { cases: 0, invalid: 0 };
    const entry = this.fields[field];
    entry.cases++;
    if (!valid) entry.invalid++;
    if (++this.#sinceTurn < CASES_PER_TURN) return;
    this.#sinceTurn = 0;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
