import { WATCH_EVENT_TYPES, type WatchEventType } from '@inbox-hub/client';

/** One receiving URL (a CRM), with its own signing secret and the event types it subscribes to. */
export interface Endpoint {
  /** A short name: it appears in the outbox, the logs and the names of its settings. */
  name: string;
  /** http(s), without a user name or password. */
  url: string;
  /** The Standard Webhooks secret, `whsec_` + base64 of 24 to 64 random bytes. Never logged. */
  secret: string;
  /** The event types it gets; `all` by default. */
  events: ReadonlySet<WatchEventType> | 'all';
}

/** An endpoint name: lower-case letters, digits and `_`, starting with a letter, at most 32 characters. */
export const ENDPOINT_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** The part of a variable name that belongs to an endpoint: `crm_eu` → `CRM_EU`. */
export const envSuffix = (name: string): string => name.toUpperCase();

/**
 * Checks a Standard Webhooks secret: the `whsec_` prefix and base64 of 24 to 64 bytes (the spec's
 * range). Returns why it is wrong, or undefined. Never repeats the secret.
 */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith('whsec_'))
    return 'it must start with whsec_ (run inbox-hub-relay new-secret for one).';
  const key = secret.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
    return 'after whsec_ it must be base64 (run inbox-hub-relay new-secret for one).';
  }
  const bytes = Buffer.from(key, 'base64').length;
  if (bytes < 24 || bytes > 64)
    return `it holds ${bytes} bytes; use 24 to 64 random bytes (inbox-hub-relay new-secret makes 32).`;
  return undefined;
}

/** Reads an event filter such as `session.status_changed+session.qr_expired`; returns why it is wrong otherwise. */
export function parseEventTypes(text: string): ReadonlySet<WatchEventType> | 'all' | { error: string } {
  const value = text.trim();
  if (value === '' || value === '*' || value === 'all') return 'all';
  const types = value.split(/[+\s]+/).filter(Boolean);
  const unknown = types.filter((t) => !(WATCH_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    return {
      error: `${unknown.map((t) => JSON.stringify(t.slice(0, 40))).join(', ')} ${unknown.length === 1 ? 'is not an event type' : 'are not event types'}; use ${WATCH_EVENT_TYPES.join(', ')} (joined with +), or all.`,
    };
  }
  return new Set(types as WatchEventType[]);
}

/** Whether `endpoint` subscribes to `type`. */
export function subscribes(endpoint: Endpoint, type: string): boolean {
  return endpoint.events === 'all' || endpoint.events.has(type as WatchEventType);
}

/** A URL for logs: origin and path, never the query (it may carry a token). */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}
