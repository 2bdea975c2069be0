import type { QrCode } from '@inbox-hub/client';

const DEFAULT_CAPACITY = 1_000;

/**
 * What this server process remembers about sessions between tool calls: the phone number a caller said
 * should connect (so `wait_for_connection` can flag a different one), and the last QR it handed out (so a
 * wait knows when that QR expires and a new one must be shown). Bounded, oldest out first; a stateless
 * HTTP deployment simply remembers less, and the tools accept the expected number as an argument too.
 */
export class SessionMemory {
  readonly #phones = new Map<string, string>();
  readonly #qrs = new Map<string, QrCode>();
  readonly #capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Records the phone number expected to connect `sessionId`. */
  expectPhone(sessionId: string, phoneNumber: string | null | undefined): void {
    if (phoneNumber) put(this.#phones, sessionId, phoneNumber, this.#capacity);
  }

  /** The phone number expected to connect `sessionId`, if one was given. */
  expectedPhone(sessionId: string): string | undefined {
    return this.#phones.get(sessionId);
  }

  /** Records the QR last shown for `sessionId`. */
  rememberQr(sessionId: string, qr: QrCode): void {
    put(this.#qrs, sessionId, qr, this.#capacity);
  }

  /** The QR last shown for `sessionId`, if any. */
  lastQr(sessionId: string): QrCode | undefined {
    return this.#qrs.get(sessionId);
  }

  /** Forgets the QR of `sessionId` (it was used or the session was disconnected). */
  forgetQr(sessionId: string): void {
    this.#qrs.delete(sessionId);
  }
}

function put<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
