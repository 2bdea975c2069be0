import type { SessionStatus } from '@inbox-hub/client';
import { format, type Messages } from '../i18n/index.js';
import type { Snapshot } from '../live/snapshot.js';
import type { CreateForm } from './create-form.js';
import { createFormSection } from './create-form.js';
import { html, raw, type SafeHtml } from './html.js';
import { searchText, sessionCard } from './session-card.js';

/** The status filter's choices. */
export const STATUSES: readonly SessionStatus[] = ['pending', 'connected', 'disconnected', 'error'];

/** The list filters, from the query string. */
export interface Filters {
  status: SessionStatus | '';
  q: string;
}

/** What the dashboard page shows besides the sessions. */
export interface DashboardPageOptions {
  t: Messages;
  snapshot: Snapshot;
  csrf: string;
  filters: Filters;
  /** A sentence about the last action (role=status). */
  notice?: string | undefined;
  /** A sentence about a failed action (role=alert). */
  error?: string | undefined;
  /** The create form's values and errors, when it was just refused. */
  form?: CreateForm | undefined;
}

/** The poll's failure as a sentence, or nothing. */
export function pollErrorText(t: Messages, snapshot: Snapshot): string | undefined {
  switch (snapshot.error) {
    case 'auth':
      return t.errorAuth;
    case 'unreachable':
      return t.errorUnreachable;
    case 'rate-limited':
      return t.errorRateLimited;
    case 'server':
      return t.errorServer;
    default:
      return undefined;
  }
}

/**
 * The session list region: summary, poll error and cards (or the loading, empty and no-match states). The
 * server sends this same markup over server-sent events, so the page has one renderer.
 */
export function sessionListRegion(t: Messages, snapshot: Snapshot, csrf: string, filters: Filters): SafeHtml {
  const pollError = pollErrorText(t, snapshot);
  const banner = pollError ? html`<p class="banner banner-error" role="alert">${pollError}</p>` : '';
  const sessions = snapshot.sessions;
  if (sessions === undefined) {
    return html`${banner}<p class="state" data-state="loading">${pollError ? '' : t.loading}</p>`;
  }
  const count = (status: SessionStatus) => sessions.filter((s) => s.status === status).length;
  const summary = format(t.summary, {
    total: sessions.length,
    connected: count('connected'),
    pending: count('pending'),
  });
  if (sessions.length === 0) {
    return html`${banner}<p class="summary">${summary}</p><p class="state" data-state="empty">${t.empty}</p>`;
  }
  const q = filters.q.trim().toLowerCase();
  const visible = (s: (typeof sessions)[number]) =>
    (filters.status === '' || s.status === filters.status) && (q === '' || searchText(s).includes(q));
  const anyVisible = sessions.some(visible);
  return html`${banner}<p class="summary">${summary}</p>
<p class="state" data-state="no-match"${anyVisible ? ' hidden' : ''}>${t.noMatch}</p>
<ul class="cards" id="session-cards">
${sessions.map((s) => {
  const card = sessionCard(t, s, csrf, snapshot.at);
  return visible(s) ? card : html`${hideCard(card)}`;
})}
</ul>`;
}

function hideCard(card: SafeHtml): SafeHtml {
  // Server-side filtering for readers without JavaScript; the script filters the same cards live.
  return raw(card.value.replace('<li class="card"', '<li hidden class="card"'));
}

/** The operator's main page. */
export function dashboardPage(options: DashboardPageOptions): SafeHtml {
  const { t, snapshot, csrf, filters } = options;
  return html`<h1 id="page-title">${t.dashboardTitle}</h1>
<p class="live" id="live-status" role="status" data-connecting="${t.liveConnecting}">${t.liveConnecting}</p>
${options.notice ? html`<p class="banner banner-ok" role="status">${options.notice}</p>` : ''}
${options.error ? html`<p class="banner banner-error" role="alert">${options.error}</p>` : ''}
<div class="layout">
${createFormSection(t, csrf, options.form)}
<section class="sessions" aria-labelledby="page-title">
<form class="filters" method="get" action="/" role="search" aria-label="${t.filtersTitle}">
<div class="field">
<label for="filter-status">${t.filterStatus}</label>
<select id="filter-status" name="status">
<option value="">${t.filterAll}</option>
${STATUSES.map((s) => html`<option value="${s}"${filters.status === s ? html` selected` : ''}>${t[`status_${s}`]}</option>`)}
</select>
</div>
<div class="field grow">
<label for="filter-q">${t.search}</label>
<input id="filter-q" name="q" type="search" value="${filters.q}" placeholder="${t.searchHint}" autocomplete="off">
</div>
<button type="submit" class="secondary js-hide">${t.applyFilters}</button>
</form>
<div id="session-list" data-csrf="${csrf}" aria-busy="${snapshot.sessions === undefined ? 'true' : 'false'}">
${sessionListRegion(t, snapshot, csrf, filters)}
</div>
<p class="visually-hidden" id="announcer" aria-live="polite"></p>
</section>
</div>`;
}
