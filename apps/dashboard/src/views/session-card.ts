import { createHash } from 'node:crypto';
import { format, type Messages } from '../i18n/index.js';
import type { SessionView } from '../live/snapshot.js';
import { secondsLeft, utcDateTime } from './format.js';
import { html, type SafeHtml } from './html.js';

/** The text the search box matches against: name, session ID and phone number. */
export function searchText(session: SessionView): string {
  return [session.name, session.sessionId, session.phoneNumber ?? ''].join(' ').toLowerCase();
}

/**
 * The QR block of a pending session, shared by the operator's card and the customer's page. The countdown
 * carries the expiry on the server's clock; the browser script ticks it down.
 */
export function qrBlock(t: Messages, session: SessionView, now: number): SafeHtml {
  if (session.status === 'error') return html`<p class="qr-note">${t.qrAttemptOver}</p>`;
  if (session.status !== 'pending') return html``;
  const qr = session.qr;
  if (!qr) return html`<p class="qr-note">${t.qrWaiting}</p>`;
  const seconds = secondsLeft(qr.expiresAt, now);
  return html`<figure class="qr">
<img src="${qr.dataUrl}" width="220" height="220" alt="${format(t.qrAlt, { name: session.name })}">
<figcaption><span class="countdown" data-expires-at="${qr.expiresAt}">${
    seconds > 0 ? format(t.qrExpiresIn, { seconds }) : t.qrRefreshing
  }</span></figcaption>
</figure>`;
}

/**
 * The element ids of one session's card. Ids made from data live in their own namespace: every one has a
 * `:` (the page's own ids never do) and the session id is escaped so it cannot make a `:` of its own. A
 * session named `list` or `cards` (or anything else) can then never take the id of an element of the
 * page, which the browser script would otherwise find and replace.
 */
export function dataIds(sessionId: string): { card: string; heading: string } {
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, (c) => `.${c.codePointAt(0)?.toString(16)}.`);
  return { card: `card:${safe}`, heading: `name:${safe}` };
}

/** One session in the operator's list. Its `id` lets the browser script swap just the cards that changed. */
export function sessionCard(t: Messages, session: SessionView, csrf: string, now: number): SafeHtml {
  // The key changes only when what the card shows changes (not with the countdown), so the browser script
  // replaces just the cards that did.
  const key = createHash('sha1').update(JSON.stringify(session)).digest('base64url').slice(0, 12);
  const statusLabel =
    session.status === 'unknown' && session.rawStatus
      ? `${t.status_unknown} (${session.rawStatus.slice(0, 40)})`
      : t[`status_${session.status}`];
  const ids = dataIds(session.sessionId);
  const headingId = ids.heading;
  // A pending session without a QR was created but never connected (or its attempt was lost): offer to start one.
  const canReconnect =
    session.status === 'disconnected' ||
    session.status === 'error' ||
    (session.status === 'pending' && !session.qr);
  const canDisconnect = session.status === 'connected';
  const canLink = session.status !== 'connected';
  const path = `/sessions/${encodeURIComponent(session.sessionId)}`;
  return html`<li class="card" id="${ids.card}" data-session="${session.sessionId}" data-key="${key}" data-status="${session.status}" data-search="${searchText(session)}" data-name="${session.name}" data-status-label="${statusLabel}" aria-labelledby="${headingId}">
<div class="card-head">
<h3 id="${headingId}">${session.name}</h3>
<span class="badge badge-${session.status}">${statusLabel}</span>
</div>
<dl class="facts">
<div><dt>${t.fieldSessionId}</dt><dd><code>${session.sessionId}</code></dd></div>
<div><dt>${t.fieldPhone}</dt><dd>${session.phoneNumber ?? t.noPhone}</dd></div>
<div><dt>${t.fieldLastActivity}</dt><dd>${
    session.lastActivity === null
      ? t.never
      : html`<time datetime="${new Date(session.lastActivity).toISOString()}">${utcDateTime(session.lastActivity)} UTC</time>`
  }</dd></div>
</dl>
${qrBlock(t, session, now)}
<div class="actions">
${
  canReconnect
    ? html`<form method="post" action="${path}/connect"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" aria-label="${format(t.reconnectLabel, { name: session.name })}">${t.reconnect}</button></form>`
    : ''
}
${
  canLink
    ? html`<form method="post" action="${path}/links"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="secondary" aria-label="${format(t.customerLinkLabel, { name: session.name })}">${t.customerLink}</button></form>`
    : ''
}
${
  canDisconnect
    ? html`<a class="button danger" href="${path}/disconnect" aria-label="${format(t.disconnectLabel, { name: session.name })}">${t.disconnect}</a>`
    : ''
}
</div>
</li>`;
}
