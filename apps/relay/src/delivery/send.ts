/**
 * One delivery attempt: a Standard Webhooks POST (signed with the `standardwebhooks` library), a timeout
 * over the whole exchange, no redirects, and at most a few KB of the answer read.
 */
import { Webhook } from 'standardwebhooks';
import { RELAY_VERSION } from '../version.js';

/** How much of a receiver's answer is read (for the error note); the rest is discarded unread. */
export const MAX_RESPONSE_BYTES = 4_096;

/** How an attempt went. */
export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retryAfterMs?: number | undefined };

/** What one attempt needs. */
export interface AttemptInput {
  url: string;
  /** The endpoint's signer (built once per endpoint from its secret). */
  signer: Webhook;
  /** The `webhook-id`: the event's stable id, the same on every attempt. */
  id: string;
  /** The exact bytes that are signed and sent. */
  body: string;
  timeoutMs: number;
  /** Aborts the attempt (shutdown). */
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch | undefined;
  /** The signing time (default now); receivers refuse one more than 5 minutes off. */
  now?: number | undefined;
}

/** Builds the signer of a `whsec_…` secret. */
export function signerFor(secret: string): Webhook {
  return new Webhook(secret);
}

/** The Standard Webhooks headers for `id` and `body` at `now`. */
export function webhookHeaders(
  signer: Webhook,
  id: string,
  body: string,
  now: number,
): Record<string, string> {
  const timestamp = new Date(now);
  return {
    'content-type': 'application/json',
    'user-agent': `inbox-hub-relay/${RELAY_VERSION}`,
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now / 1000)),
    'webhook-signature': signer.sign(id, timestamp, body),
  };
}

/** Reads at most {@link MAX_RESPONSE_BYTES} of the body as text, then drops the connection's remainder. */
async function boundedText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES));
}

/** `Retry-After` as ms (seconds or an HTTP date), or undefined. */
function retryAfter(response: Response, now: number): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Why a request got no answer, in a few words (never the request's headers). */
function networkReason(error: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `could not reach it (${cause.code})`;
  return `could not reach it (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Sends one signed attempt. A 2xx is delivered; anything else (an error status, a redirect, no answer in
 * `timeoutMs`) is a failure the caller retries. Never throws.
 */
export async function attemptDelivery(input: AttemptInput): Promise<AttemptResult> {
  const now = input.now ?? Date.now();
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  const doFetch = input.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(input.url, {
      method: 'POST',
      headers: webhookHeaders(input.signer, input.id, input.body, now),
      body: input.body,
      // A redirect could carry the signed event somewhere else: the endpoint's URL must be the final one.
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return { ok: false, status: null, error: networkReason(error, input.timeoutMs, timeout.aborted) };
  }
  let text = '';
  try {
    text = await boundedText(response);
  } catch (error) {
    if (timeout.aborted)
      return { ok: false, status: response.status, error: networkReason(error, input.timeoutMs, true) };
  }
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const why =
    response.status >= 300 && response.status < 400
      ? `answered ${response.status} (a redirect, which the relay does not follow: configure the final URL)`
      : `answered ${response.status}${snippet ? `: ${snippet}` : ''}`;
  return { ok: false, status: response.status, error: why, retryAfterMs: retryAfter(response, now) };
}
