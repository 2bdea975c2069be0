/** How QR codes rotate within one connection attempt, like WhatsApp Web's pairing screen. */
export interface QrTiming {
  /** Lifetime of the first QR of an attempt (WhatsApp: about 60 s). */
  firstQrMs: number;
  /** Lifetime of each later QR (WhatsApp: about 20 s). */
  nextQrMs: number;
  /** QR codes per attempt; when the last one expires unscanned the session goes to `error`. */
  maxQrs: number;
}

/** WhatsApp's own rhythm: 60 s, then 20 s each, five codes (about two and a half minutes in all). */
export const defaultQrTiming: QrTiming = { firstQrMs: 60_000, nextQrMs: 20_000, maxQrs: 5 };

/** Lifetime of the QR number `index` (0-based) of an attempt. */
export function qrLifetime(timing: QrTiming, index: number): number {
  return index === 0 ? timing.firstQrMs : timing.nextQrMs;
}
