import { format, type Messages } from '../i18n/index.js';
import type { SessionView } from '../live/snapshot.js';
import { html, type SafeHtml } from './html.js';
import { qrBlock } from './session-card.js';

/**
 * The part of the customer's page that changes: the QR with its countdown, "connected", or "get a new
 * code". Sent again over server-sent events whenever it changes.
 */
export function connectState(
  t: Messages,
  session: SessionView | undefined,
  now: number,
  csrf: string,
  token: string,
): SafeHtml {
  if (!session) return html`<p class="qr-note" data-state="unavailable">${t.connectUnavailable}</p>`;
  if (session.status === 'connected') {
    return html`<div class="done" data-state="connected"><h2>${t.connectedTitle}</h2><p>${t.connectedText}</p></div>`;
  }
  if (session.status === 'pending') {
    return html`<div data-state="pending">${qrBlock(t, session, now)}<p class="hint">${t.connectRefreshNote}</p></div>`;
  }
  // disconnected or error: the attempt is over; the customer asks for a new one.
  return html`<div data-state="restart">
${session.status === 'error' ? html`<p>${t.connectAttemptOver}</p>` : ''}
<form method="post" action="/connect/${token}/restart">
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit">${t.connectNewCode}</button>
</form>
</div>`;
}

/** The customer's page: the steps in plain words and that one session's QR. */
export function connectPage(
  t: Messages,
  session: SessionView | undefined,
  state: SafeHtml,
  token: string,
): SafeHtml {
  return html`<div class="narrow connect">
<h1>${t.connectTitle}</h1>
${session ? html`<p class="lead">${format(t.connectFor, { name: session.name })}</p>` : ''}
<h2>${t.connectStepsTitle}</h2>
<ol class="steps">
<li>${t.connectStep1}</li>
<li>${t.connectStep2}</li>
<li>${t.connectStep3}</li>
<li>${t.connectStep4}</li>
</ol>
<p class="live" id="live-status" role="status"></p>
<div id="connect-state" data-events="/connect/${token}/events">${state}</div>
</div>`;
}
