import { format, type Messages } from '../i18n/index.js';
import type { SessionView } from '../live/snapshot.js';
import { html, type SafeHtml } from './html.js';

/** "Disconnect X?": a page of its own, so the confirmation works with and without JavaScript. */
export function confirmDisconnectPage(t: Messages, session: SessionView, csrf: string): SafeHtml {
  return html`<div class="narrow">
<h1>${format(t.confirmTitle, { name: session.name })}</h1>
<p>${format(t.confirmText, { phone: session.phoneNumber ?? t.noPhone })}</p>
<form method="post" action="/sessions/${encodeURIComponent(session.sessionId)}/disconnect" class="row">
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit" class="danger">${t.confirmSubmit}</button>
<a class="button secondary" href="/">${t.cancel}</a>
</form>
</div>`;
}
