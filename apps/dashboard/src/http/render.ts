import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SafeHtml } from '../views/html.js';
import { type LayoutOptions, layout } from '../views/layout.js';
import { operatorHeader } from '../views/operator-header.js';
import type { AppEnv } from './context.js';

/** Sends a full page in the reader's language. */
export function page(
  c: Context<AppEnv>,
  title: string,
  body: SafeHtml,
  options: {
    status?: ContentfulStatusCode;
    scripts?: string[];
    header?: SafeHtml;
    clientStrings?: LayoutOptions['clientStrings'];
    noScriptRefreshSeconds?: number;
  } = {},
): Response {
  const t = c.get('t');
  return c.html(
    layout({
      t,
      title,
      body,
      scripts: options.scripts ?? [],
      header: options.header,
      clientStrings: options.clientStrings,
      noScriptRefreshSeconds: options.noScriptRefreshSeconds,
    }),
    options.status ?? 200,
    { 'Content-Language': t.locale, Vary: 'Accept-Language, Cookie' },
  );
}

/** The header for a signed-in operator (needs the CSRF token for the sign-out form). */
export function headerFor(c: Context<AppEnv>, csrf: string): SafeHtml {
  return operatorHeader(c.get('t'), c.get('operator').user, csrf);
}
