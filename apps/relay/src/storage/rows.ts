/** Row mapping shared by both backends: they select the same columns under the same names. */
import type { Claimed, Delivery, DeliveryStatus, StoredEvent } from './outbox.js';

/** The delivery columns both backends select, joined with their event (`d` and `e`). */
export const DELIVERY_COLUMNS = `d.id, d.event_seq, e.id AS event_id, e.type AS event_type, e.session_id,
  d.endpoint, d.status, d.attempts, d.next_attempt_at, d.lease_owner, d.lease_until, d.last_status,
  d.last_error, d.created_at, d.updated_at, d.delivered_at, d.delivered_by`;

type Row = Record<string, unknown>;

// PostgreSQL returns bigint columns as strings (they may exceed 2^53); ours are epoch ms and counters.
const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const textOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** A row of {@link DELIVERY_COLUMNS} as a {@link Delivery}. */
export function toDelivery(row: Row): Delivery {
  return {
    id: num(row.id),
    eventSeq: num(row.event_seq),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    sessionId: String(row.session_id),
    endpoint: String(row.endpoint),
    status: String(row.status) as DeliveryStatus,
    attempts: num(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    leaseOwner: textOrNull(row.lease_owner),
    leaseUntil: numOrNull(row.lease_until),
    lastStatus: numOrNull(row.last_status),
    lastError: textOrNull(row.last_error),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    deliveredAt: numOrNull(row.delivered_at),
    deliveredBy: textOrNull(row.delivered_by),
  };
}

/** A delivery row that also selected `e.body`. */
export function toClaimed(row: Row): Claimed {
  return { ...toDelivery(row), body: String(row.body) };
}

/** An event row (`seq, id, type, session_id, observed_at, body`). */
export function toEvent(row: Row): StoredEvent {
  return {
    seq: num(row.seq),
    id: String(row.id),
    type: String(row.type),
    sessionId: String(row.session_id),
    observedAt: String(row.observed_at),
    body: String(row.body),
  };
}

/** Cuts an error text to what a table cell and a log line can hold. */
export function shortError(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}
