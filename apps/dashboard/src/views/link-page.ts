import { format, type Messages } from '../i18n/index.js';
import type { SessionView } from '../live/snapshot.js';
import { utcDateTime } from './format.js';
import { html, type SafeHtml } from './html.js';

/** The link an operator just created, with a copy button. */
export function linkPage(t: Messages, session: SessionView, url: string, expiresAt: number): SafeHtml {
  return html`<div class="narrow">
<h1>${format(t.linkTitle, { name: session.name })}</h1>
<p>${t.linkIntro}</p>
<div class="field">
<label for="link-url">${t.linkLabel}</label>
<input id="link-url" type="url" value="${url}" readonly>
</div>
<p class="row"><button type="button" id="copy-link" data-copied="${t.linkCopied}" data-failed="${t.clientCopyFailed}">${t.linkCopy}</button>
<span id="copy-status" role="status"></span></p>
<p>${format(t.linkExpires, { date: utcDateTime(expiresAt) })}</p>
<p class="banner banner-warn">${t.linkWarning}</p>
<p><a href="/">${t.backToSessions}</a></p>
</div>`;
}
