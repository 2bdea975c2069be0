import { format, type Messages } from '../i18n/index.js';
import { html, type SafeHtml } from './html.js';

/** The header's right side for a signed-in operator: who, and a sign-out button (a POST, so CSRF-checked). */
export function operatorHeader(t: Messages, user: string, csrf: string): SafeHtml {
  return html`<form method="post" action="/logout" class="who">
<span>${format(t.signedInAs, { user })}</span>
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit" class="link-button">${t.logout}</button>
</form>`;
}
