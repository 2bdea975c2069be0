import type { Messages } from '../i18n/index.js';
import { html, raw, type SafeHtml } from './html.js';

/** What every page passes to {@link layout}. */
export interface LayoutOptions {
  t: Messages;
  title: string;
  body: SafeHtml;
  /** Scripts under /static to load (deferred). */
  scripts?: string[];
  /** The header's right side (the operator's name and sign-out form). */
  header?: SafeHtml;
  /** Strings the page's script needs, embedded as JSON (not executed, so the CSP allows it). */
  clientStrings?: Record<string, string>;
  /** Without JavaScript, reload the page this often (the customer page's fallback for a rotating QR). */
  noScriptRefreshSeconds?: number;
}

/** The page shell: language, title, stylesheet, a skip link and one `<main>`. */
export function layout({
  t,
  title,
  body,
  scripts = [],
  header,
  clientStrings,
  noScriptRefreshSeconds,
}: LayoutOptions): string {
  // `<` is escaped so the JSON can never close its script element.
  const json = clientStrings ? JSON.stringify(clientStrings).replace(/</g, '\\u003c') : undefined;
  return `<!doctype html>\n${html`<html lang="${t.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · ${t.appName}</title>
<link rel="stylesheet" href="/static/style.css">
${noScriptRefreshSeconds ? html`<noscript><meta http-equiv="refresh" content="${noScriptRefreshSeconds}"></noscript>` : ''}
${scripts.map((src) => html`<script src="/static/${src}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="top">
<p class="brand">${t.appName}</p>
${header}
</header>
<main id="main" tabindex="-1">
${body}
</main>
${json === undefined ? '' : html`<script type="application/json" id="strings">${raw(json)}</script>`}
</body>
</html>`}`;
}
