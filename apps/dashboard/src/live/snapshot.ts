import type { SessionStatus } from '@inbox-hub/client';

/** A session as the pages show it. Only what an operator needs: no API key, token or account data. */
export interface SessionView {
  id: number;
  sessionId: string;
  name: string;
  description: string | null;
  phoneNumber: string | null;
  status: SessionStatus;
  /** The status exactly as Inbox Hub sent it: shown next to "unknown status" when the dashboard does not know it. */
  rawStatus: string | null;
  /** Epoch ms, or null when the session never had activity. */
  lastActivity: number | null;
  /** The QR to scan, for pending sessions that have one. */
  qr: QrView | null;
}

/** A QR code ready for `<img src>`, with its expiry on the server's clock. */
export interface QrView {
  dataUrl: string;
  /** Epoch ms on the server's clock (the browser corrects for its own clock with `Snapshot.at`). */
  expiresAt: number;
}

/** Why the last poll failed; the pages turn it into a sentence in the reader's language. */
export type PollError = 'auth' | 'unreachable' | 'rate-limited' | 'server';

/** What the shared poll last saw. */
export interface Snapshot {
  /** Grows by one whenever anything a page shows changes. */
  version: number;
  /** When the poll ran, on the server's clock. */
  at: number;
  /** `undefined` until the first poll succeeds (the pages show "loading"). */
  sessions: SessionView[] | undefined;
  /** The last poll's failure, or null when it succeeded. Sessions stay as last seen. */
  error: PollError | null;
}
