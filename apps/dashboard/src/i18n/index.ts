import { en, type Messages } from './en.js';
import { es } from './es.js';

export type { Messages };

/** The languages the pages speak. */
export const LOCALES = { en, es } as const;

/** A supported language code. */
export type Locale = keyof typeof LOCALES;

/**
 * Picks the language from an `Accept-Language` header: the supported language with the highest `q`
 * (`es-MX` counts as `es`), English when none is supported.
 */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'en';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const base = tag.trim().toLowerCase().split('-')[0] ?? '';
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    // Own keys only: `__proto__` or `constructor` in a header must not find Object.prototype.
    if (!Object.hasOwn(LOCALES, base) || !Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: base as Locale, q };
  }
  return best?.locale ?? 'en';
}

/** The messages of a language. */
export function messages(locale: Locale): Messages {
  return LOCALES[locale];
}

/** Fills `{name}` placeholders. Unknown placeholders stay as they are, so a typo shows instead of vanishing. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );
}
