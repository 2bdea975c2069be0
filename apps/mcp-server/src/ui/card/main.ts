/**
 * The connect card: a View in the MCP Apps sense. It learns its session from the tool call the host
 * shows it with, then reads everything else through the app-only tools `card_state` and `card_retry`
 * over the host bridge (postMessage). It has no network access of its own and never sees a credential.
 */
import { App, applyDocumentTheme, applyHostStyleVariables } from '@modelcontextprotocol/ext-apps';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { wordsFor } from './i18n.js';
import { type CardState, localDeadline, type Phase, phaseOf, sessionIdFrom } from './state.js';
import { render } from './view.js';

// How often the card asks while it waits for a scan. A scan is noticed within this; an expired QR is
// replaced at once (the countdown triggers the read), not on this beat.
const POLL_MS = 3_000;
// After an answer whose QR had already expired (the service rotates it a moment later), ask again soon,
// a few times; a session that stays without a QR is then asked at the waiting beat.
const REFRESH_MS = 1_000;
const FAST_REFRESHES = 3;
// Once connected, the card keeps an eye on the session at a slower beat, so a phone that unlinks later
// turns the card into "Try again" instead of leaving a stale "Connected". Only while the card is on screen
// (its tab shown and the card scrolled into view): cards scrolled away in a long chat cost nothing, and
// one that comes back into view reads at once.
const WATCH_MS = 10_000;

const app = new App({ name: 'inbox-hub-connect-card', version: '1' }, {});

let sessionId: string | undefined;
let expectedPhoneNumber: string | undefined;
let name: string | null | undefined;
let state: CardState | undefined;
let qrSrc: string | undefined;
let deadline: number | undefined;
let phase: Phase = 'loading';
let busy = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let refreshes = 0;
let stopped = false;
let inView = true;

function locale(): string | undefined {
  return app.getHostContext()?.locale ?? navigator.language;
}

function draw(): void {
  const secondsLeft = deadline === undefined ? undefined : Math.max(0, (deadline - Date.now()) / 1000);
  render({ words: wordsFor(locale()), phase, sessionId, name, state, qrSrc, secondsLeft, busy });
}

function schedule(ms: number): void {
  clearTimeout(timer);
  if (!stopped) timer = setTimeout(() => void read('card_state'), ms);
}

async function read(tool: 'card_state' | 'card_retry'): Promise<void> {
  if (stopped || sessionId === undefined || busy) return;
  busy = true;
  draw();
  let result: CallToolResult;
  try {
    result = await app.callServerTool({
      name: tool,
      arguments: {
        sessionId,
        withName: name === undefined,
        ...(expectedPhoneNumber ? { expectedPhoneNumber } : {}),
      },
    });
  } catch {
    result = { content: [], isError: true };
  }
  busy = false;
  if (result.isError || !result.structuredContent) {
    phase = 'failed';
    draw();
    return;
  }
  accept(result.structuredContent as unknown as CardState, result);
}

function accept(next: CardState, result: CallToolResult): void {
  state = next;
  if (name === undefined || next.name !== null) name = next.name;
  const image = result.content.find((block) => block.type === 'image');
  qrSrc = image?.type === 'image' ? `data:${image.mimeType};base64,${image.data}` : undefined;
  deadline = localDeadline(next, Date.now());
  phase = phaseOf(next, qrSrc !== undefined);
  draw();
  // A status this card does not know yet may turn into one it does: keep asking at the waiting beat.
  refreshes = phase === 'refreshing' ? refreshes + 1 : 0;
  if (phase === 'qr' || phase === 'unknown') schedule(POLL_MS);
  else if (phase === 'refreshing') schedule(refreshes <= FAST_REFRESHES ? REFRESH_MS : POLL_MS);
  else if (phase === 'connected') watchConnected();
  // error, disconnected: nothing changes by itself any more; "Try again" restarts.
}

function onScreen(): boolean {
  return document.visibilityState === 'visible' && inView;
}

function watchConnected(): void {
  if (onScreen()) schedule(WATCH_MS);
  else clearTimeout(timer);
}

/** The card came into view or left it: a connected card reads at once when it is seen again. */
function visibilityChanged(wasOnScreen: boolean): void {
  if (stopped || phase !== 'connected') return;
  if (onScreen() && !wasOnScreen) void read('card_state');
  else if (!onScreen()) clearTimeout(timer);
}

function start(id: string | undefined): void {
  if (id === undefined || sessionId !== undefined) return;
  sessionId = id;
  draw();
  void read('card_state');
}

function applyContext(context: ReturnType<App['getHostContext']>): void {
  if (context?.theme) applyDocumentTheme(context.theme);
  if (context?.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

// The countdown: once a second, and the moment the shown QR dies, fetch its successor.
const countdown = setInterval(() => {
  if (phase !== 'qr' || deadline === undefined) return;
  if (Date.now() >= deadline) {
    phase = 'refreshing';
    draw();
    void read('card_state');
  } else {
    draw();
  }
}, 1_000);

app.ontoolinput = ({ arguments: args }) => {
  const expected = args?.expectedPhoneNumber ?? args?.phoneNumber;
  if (typeof expected === 'string' || typeof expected === 'number') expectedPhoneNumber = String(expected);
  start(sessionIdFrom(args));
};
app.ontoolresult = (result) => start(sessionIdFrom(result.structuredContent));
app.onhostcontextchanged = (context) => {
  applyContext(context);
  draw();
};
app.onteardown = async () => {
  stopped = true;
  clearTimeout(timer);
  clearInterval(countdown);
  observer?.disconnect();
  return {};
};

let tabShown = document.visibilityState === 'visible';
document.addEventListener('visibilitychange', () => {
  const was = tabShown && inView;
  tabShown = document.visibilityState === 'visible';
  visibilityChanged(was);
});
// Scrolled out of a long chat, the card's frame leaves the viewport while its tab stays shown.
const cardElement = document.getElementById('card');
const observer =
  cardElement && typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
        const was = onScreen();
        inView = entries.some((entry) => entry.isIntersecting);
        visibilityChanged(was);
      })
    : undefined;
if (cardElement) observer?.observe(cardElement);

document.getElementById('retry')?.addEventListener('click', () => {
  void read(phase === 'failed' ? 'card_state' : 'card_retry');
});

draw();
await app.connect();
applyContext(app.getHostContext());
draw();
