/** The card's words, in the languages end customers read. Keys are the same in every language. */
const TEXT = {
  en: {
    lang: 'en',
    title: 'Link WhatsApp',
    loading: 'Loading…',
    status: {
      pending: 'Waiting for the scan',
      connected: 'Connected',
      disconnected: 'Disconnected',
      error: 'Failed',
      unknown: 'Status unknown',
    },
    hint: 'On the phone: WhatsApp › Settings › Linked devices › Link a device, then point the camera at this code.',
    expiresIn: (time: string) => `Expires in ${time}`,
    refreshing: 'Getting a new code…',
    noQr: 'No code yet: waiting for one…',
    connectedAs: (phone: string) => `Connected as ${phone}`,
    mismatch: (expected: string) =>
      `This is not the expected number (${expected}). If it is the wrong phone, ask the assistant to disconnect it.`,
    error: 'The code expired before anyone scanned it.',
    disconnected: 'The phone is no longer linked.',
    failed: 'Could not reach Inbox Hub.',
    retry: 'Try again',
    qrAlt: 'QR code to link WhatsApp',
  },
  es: {
    lang: 'es',
    title: 'Vincular WhatsApp',
    loading: 'Cargando…',
    status: {
      pending: 'Esperando el escaneo',
      connected: 'Conectado',
      disconnected: 'Desconectado',
      error: 'Falló',
      unknown: 'Estado desconocido',
    },
    hint: 'En el teléfono: WhatsApp › Ajustes › Dispositivos vinculados › Vincular un dispositivo, y apunta la cámara a este código.',
    expiresIn: (time: string) => `Caduca en ${time}`,
    refreshing: 'Obteniendo un código nuevo…',
    noQr: 'Aún no hay código: esperando uno…',
    connectedAs: (phone: string) => `Conectado como ${phone}`,
    mismatch: (expected: string) =>
      `No es el número esperado (${expected}). Si es el teléfono equivocado, pide al asistente que lo desconecte.`,
    error: 'El código caducó sin que nadie lo escaneara.',
    disconnected: 'El teléfono ya no está vinculado.',
    failed: 'No se pudo contactar con Inbox Hub.',
    retry: 'Reintentar',
    qrAlt: 'Código QR para vincular WhatsApp',
  },
} as const;

/** One language's words. */
export type Words = (typeof TEXT)['en' | 'es'];

/** The words for a BCP 47 locale: Spanish for any `es*`, English otherwise. */
export function wordsFor(locale: string | undefined): Words {
  return locale?.toLowerCase().startsWith('es') ? TEXT.es : TEXT.en;
}

/** `m:ss`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A phone number as people read it: the API's digits with a leading `+`. */
export function phone(digits: string): string {
  return `+${digits}`;
}
