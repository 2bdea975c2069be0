import { clock, phone, type Words } from './i18n.js';
import type { CardState, Phase } from './state.js';

/** Everything the card draws, in one object so one render call shows one consistent state. */
export interface ViewModel {
  words: Words;
  phase: Phase;
  sessionId: string | undefined;
  name: string | null | undefined;
  state: CardState | undefined;
  /** The QR as a `data:` URL (the server's PNG, drawn here: no third-party renderer ever sees it). */
  qrSrc: string | undefined;
  /** Seconds left on the shown QR. */
  secondsLeft: number | undefined;
  busy: boolean;
}

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The card's HTML has no #${id}.`);
  return found as T;
}

function show(id: string, visible: boolean): void {
  el(id).hidden = !visible;
}

/**
 * Draws the view model. Text goes in through textContent only, never as HTML, so nothing a server or a
 * session name says can become markup or script.
 */
export function render(model: ViewModel): void {
  const { words, phase, state } = model;
  document.documentElement.lang = words.lang;
  el('card').dataset.phase = phase;
  el('title').textContent = words.title;
  el('session').textContent =
    model.name && model.sessionId ? `${model.name} · ${model.sessionId}` : (model.sessionId ?? '');
  const status = state?.status;
  el('status').textContent = status ? words.status[status] : words.loading;
  el('status').dataset.status = status ?? 'loading';

  const qr = el<HTMLImageElement>('qr');
  show('qr-box', phase === 'qr' || phase === 'refreshing');
  qr.alt = words.qrAlt;
  if (model.qrSrc && qr.getAttribute('src') !== model.qrSrc) qr.src = model.qrSrc;
  qr.hidden = phase !== 'qr' || !model.qrSrc;
  el('hint').textContent = words.hint;
  el('countdown').textContent =
    phase === 'qr' && model.secondsLeft !== undefined
      ? words.expiresIn(clock(model.secondsLeft))
      : state?.qr === undefined && state?.status === 'pending'
        ? words.noQr
        : words.refreshing;

  // Only a connected session's number is the phone that scanned; before that the API reports the
  // expected one, which the card must not present as connected.
  const connected = phase === 'connected';
  const check = state?.phoneCheck;
  show('done', connected);
  el('connected').textContent = !connected
    ? ''
    : check?.actual
      ? words.connectedAs(phone(check.actual))
      : words.status.connected;
  const wrong = connected && check?.matches === false && check.expected !== null;
  el('connected').dataset.wrong = String(wrong);
  show('warning', wrong);
  el('warning').textContent = wrong && check?.expected ? words.mismatch(phone(check.expected)) : '';

  const problem = phase === 'error' || phase === 'disconnected' || phase === 'failed';
  show('problem', problem);
  el('message').textContent =
    phase === 'error' ? words.error : phase === 'disconnected' ? words.disconnected : words.failed;
  const retry = el<HTMLButtonElement>('retry');
  retry.textContent = words.retry;
  // A failed call can always be retried (it only reads); a new connection needs card_retry on offer.
  retry.hidden = !(phase === 'failed' || (problem && state?.canRetry === true));
  retry.disabled = model.busy;
  show('loading', phase === 'loading');
  el('loading').textContent = words.loading;
}
