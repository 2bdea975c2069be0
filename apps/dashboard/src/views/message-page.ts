import { html, type SafeHtml } from './html.js';

/** A page that only says something: a refused link, a missing page. It names no session. */
export function messagePage(title: string, text: string, back?: { href: string; label: string }): SafeHtml {
  return html`<div class="narrow">
<h1>${title}</h1>
<p>${text}</p>
${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}
</div>`;
}
