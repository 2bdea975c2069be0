/**
 * Text for a terminal, built so that nothing a server sent can drive the terminal. A name, an id, a phone
 * number or an error message from Inbox Hub (or from whatever answers at INBOX_HUB_BASE_URL) could carry
 * escape sequences: set the window title, clear the screen, write the clipboard (OSC 52), plant a link
 * (OSC 8), or reorder what is shown with bidi overrides. Every value interpolated into a {@link line} is
 * made inert: each control character becomes a visible stand-in, so `\x1b]52;...` prints as `␛]52;...`.
 * `out()` and `note()` take only a {@link Line}, so a command cannot print a server string raw by mistake.
 */

declare const brand: unique symbol;

/** Text that is safe to write to a terminal: built by {@link line} (or {@link trusted} for our own output). */
export type Line = string & { readonly [brand]: 'terminal-line' };

/**
 * C0 controls (but the line feed the CLI writes itself), DEL, C1 controls, and the invisible characters
 * that change how text around them is shown: bidi embeddings, overrides and isolates, direction marks, the
 * Arabic letter mark, and the line/paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** A visible stand-in for one unsafe character: a control picture for C0 and DEL, `<U+XXXX>` otherwise. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Makes a value inert: every unsafe character becomes visible. Newlines inside a value are shown too. */
export function inert(value: unknown): string {
  return String(value).replace(UNSAFE, visible).replace(/\n/g, '\u240a');
}

/** Builds a {@link Line}: the literal parts are ours, every `${value}` is made {@link inert}. */
export function line(strings: TemplateStringsArray, ...values: unknown[]): Line {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += inert(value) + (strings[i + 1] ?? '');
  });
  return text as Line;
}

/** Marks output the CLI made itself (a drawn QR, a table of already-inert cells) as safe. */
export function trusted(text: string): Line {
  return text as Line;
}

/**
 * JSON for a terminal that stays exact: `JSON.stringify` escapes C0 controls but leaves C1 controls and
 * bidi characters raw, so those are written as `\uXXXX` escapes too. Parsing the output gives back exactly
 * what the server sent.
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
