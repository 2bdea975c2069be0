/**
 * The card state the server's `card_state` / `card_retry` tools return (their structuredContent). The card
 * is built for the browser, without the server's modules; `card-state.ts` fails to compile when this copy
 * no longer accepts what the server sends.
 */
export interface CardState {
  sessionId: string;
  name: string | null;
  status: 'pending' | 'connected' | 'disconnected' | 'error' | 'unknown';
  phoneCheck: { expected: string | null; actual: string | null; matches: boolean | null };
  qr?: { expiresAt: string; expiresInSeconds: number } | undefined;
  serverTime: string;
  canRetry: boolean;
}

/** What the card shows. */
export type Phase =
  | 'loading'
  | 'qr'
  | 'refreshing'
  | 'connected'
  | 'error'
  | 'disconnected'
  | 'unknown'
  | 'failed';

/** The phase a state puts the card in. */
export function phaseOf(state: CardState, hasImage: boolean): Phase {
  if (state.status === 'unknown') return 'unknown';
  if (state.status === 'connected') return 'connected';
  if (state.status === 'error') return 'error';
  if (state.status === 'disconnected') return 'disconnected';
  return state.qr && hasImage && state.qr.expiresInSeconds > 0 ? 'qr' : 'refreshing';
}

/**
 * When the shown QR expires, in this browser's clock: the server's `expiresAt` minus the server's own
 * time, added to the moment the answer arrived. A browser clock that is off by minutes changes nothing.
 */
export function localDeadline(state: CardState, receivedAt: number): number | undefined {
  if (!state.qr) return undefined;
  return receivedAt + (Date.parse(state.qr.expiresAt) - Date.parse(state.serverTime));
}

/** Finds the session id in a tool's arguments or result, whichever the host sent first. */
export function sessionIdFrom(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.sessionId === 'string') return record.sessionId;
  for (const key of ['session', 'qr', 'status']) {
    const found = sessionIdFrom(record[key]);
    if (found) return found;
  }
  return undefined;
}
