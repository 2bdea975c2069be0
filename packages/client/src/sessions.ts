import type { Client } from 'openapi-fetch';
import { NotFoundError, SessionExistsError } from './errors.js';
import type { paths } from './generated/schema.js';
import { toQr, toSession, toSessionList, toState, toStatusInfo } from './internal/parse.js';
import type { RequestOptions, Transport } from './internal/transport.js';
import type { QrCode } from './qr.js';
import type { Session, SessionList, SessionRef, SessionState, SessionStatusInfo } from './types.js';
import { type CreateSessionInput, validateCreateInput, validateDbId, validateSessionId } from './validate.js';

const asText = { parseAs: 'text' } as const;

/** Reads the `sessionId` out of a {@link SessionRef} and validates it. */
export function refSessionId(ref: SessionRef): string {
  return validateSessionId(typeof ref === 'string' ? ref : ref?.sessionId);
}

/**
 * The session endpoints, one method per operation of the spec. Every method validates its input before
 * anything is sent and throws a typed error on failure.
 */
export class Sessions {
  readonly #raw: Client<paths>;
  readonly #transport: Transport;
  /** sessionId → database id, so callers never juggle the two ids the API uses. */
  readonly #dbIds = new Map<string, number>();

  constructor(raw: Client<paths>, transport: Transport) {
    this.#raw = raw;
    this.#transport = transport;
  }

  /**
   * Creates a session (status `pending`). Safe to retry: if a retried create meets a 409 for the same
   * `sessionId`, the first attempt went through, and the existing session is returned.
   */
  async create(input: CreateSessionInput, options?: RequestOptions): Promise<Session> {
    const body = validateCreateInput(input);
    try {
      const { data } = await this.#transport.request(
        {
          operation: 'createSession',
          sessionId: body.sessionId,
          bearer: true,
          send: ({ headers, signal }) =>
            this.#raw.POST('/api/sessions', { body, headers, signal, ...asText }),
        },
        options,
      );
      return this.#remember(toSession(data, 'createSession'));
    } catch (error) {
      if (error instanceof SessionExistsError && error.attempts > 1) {
        const existing = await this.find(body.sessionId, options);
        if (existing) return existing;
      }
      throw error;
    }
  }

  /** Lists the account's sessions. */
  async list(options?: RequestOptions): Promise<SessionList> {
    const { data } = await this.#transport.request(
      {
        operation: 'listSessions',
        send: ({ headers, signal }) => this.#raw.GET('/api/sessions', { headers, signal, ...asText }),
      },
      options,
    );
    const list = toSessionList(data, 'listSessions');
    for (const session of list.sessions) this.#remember(session);
    return list;
  }

  /** Finds one session by `sessionId` in the list, or `undefined`. */
  async find(ref: SessionRef, options?: RequestOptions): Promise<Session | undefined> {
    const sessionId = refSessionId(ref);
    const { sessions } = await this.list(options);
    return sessions.find((s) => s.sessionId === sessionId);
  }

  /** Starts the connection and issues a fresh QR (also reconnects a disconnected session). */
  async connect(ref: SessionRef, options?: RequestOptions): Promise<SessionState> {
    const sessionId = refSessionId(ref);
    const { data } = await this.#transport.request(
      {
        operation: 'connectSession',
        sessionId,
        send: ({ headers, signal }) =>
          this.#raw.POST('/api/sessions/{sessionId}/connect', {
            params: { path: { sessionId } },
            headers,
            signal,
            ...asText,
          }),
      },
      options,
    );
    return toState(data, 'connectSession', sessionId);
  }

  /** The current QR, normalised: raw base64, data URL, `expiresAt` as a `Date`, PNG bytes on demand. */
  async getQr(ref: SessionRef, options?: RequestOptions): Promise<QrCode> {
    const sessionId = refSessionId(ref);
    const { data } = await this.#transport.request(
      {
        operation: 'getSessionQr',
        sessionId,
        send: ({ headers, signal }) =>
          this.#raw.GET('/api/sessions/{sessionId}/qr', {
            params: { path: { sessionId } },
            headers,
            signal,
            ...asText,
          }),
      },
      options,
    );
    return toQr(data, 'getSessionQr', sessionId);
  }

  /**
   * The session's status. The API addresses this route by the numeric database id; pass a `sessionId`
   * or a session and the client finds (and caches) that id itself, or pass `{ id }` alone.
   */
  async getStatus(ref: SessionRef | { id: number }, options?: RequestOptions): Promise<SessionStatusInfo> {
    const byIdOnly =
      typeof ref === 'object' &&
      ref !== null &&
      typeof (ref as { sessionId?: unknown }).sessionId !== 'string';
    const sessionId = byIdOnly ? undefined : refSessionId(ref as SessionRef);
    const id = byIdOnly
      ? validateDbId((ref as { id: unknown }).id, 'id')
      : await this.#dbId(ref as SessionRef, sessionId as string, options);
    const { data } = await this.#transport.request(
      {
        operation: 'getSessionStatus',
        sessionId: sessionId ?? `#${id}`,
        send: ({ headers, signal }) =>
          this.#raw.GET('/api/sessions/{id}/status', {
            params: { path: { id } },
            headers,
            signal,
            ...asText,
          }),
      },
      options,
    );
    return toStatusInfo(data, 'getSessionStatus', id);
  }

  /** Logs the session out of WhatsApp; it stays and can be reconnected. */
  async disconnect(ref: SessionRef, options?: RequestOptions): Promise<SessionState> {
    const sessionId = refSessionId(ref);
    const { data } = await this.#transport.request(
      {
        operation: 'disconnectSession',
        sessionId,
        send: ({ headers, signal }) =>
          this.#raw.POST('/api/sessions/{sessionId}/disconnect', {
            params: { path: { sessionId } },
            headers,
            signal,
            ...asText,
          }),
      },
      options,
    );
    return toState(data, 'disconnectSession', sessionId);
  }

  #remember(session: Session): Session {
    this.#dbIds.set(session.sessionId, session.id);
    return session;
  }

  async #dbId(ref: SessionRef, sessionId: string, options?: RequestOptions): Promise<number> {
    if (typeof ref === 'object' && ref.id !== undefined) return validateDbId(ref.id, 'id');
    const cached = this.#dbIds.get(sessionId);
    if (cached !== undefined) return cached;
    const found = await this.find(sessionId, options);
    if (!found) {
      throw new NotFoundError({
        status: 404,
        code: 'SESSION_NOT_FOUND',
        operation: 'getSessionStatus',
        apiMessage: `No session "${sessionId}" in this account.`,
        message: `Inbox Hub has no session "${sessionId}" in this account (it is not in the session list). Check the id, or create it with sessions.create().`,
      });
    }
    return found.id;
  }
}
