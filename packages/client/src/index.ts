/**
 * @inbox-hub/client: the typed client for the Inbox Hub WhatsApp sessions API.
 * This file is the public surface; everything under `internal/` may change without notice.
 */
export { ENV_VARS, InboxHub, type InboxHubOptions } from './client.js';
export {
  AbortError,
  type AnyInboxHubError,
  ApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InboxHubError,
  type InboxHubErrorKind,
  InvalidInputError,
  InvalidResponseError,
  isInboxHubError,
  NotFoundError,
  QrExpiredError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  SessionExistsError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from './errors.js';
export { mapConcurrent } from './flows/concurrency.js';
export type { EnsureSessionResult } from './flows/ensure-session.js';
export type { ReconnectOptions, ReconnectResult } from './flows/reconnect-disconnected.js';
export type { SetupSessionOptions, SetupSessionResult } from './flows/setup-session.js';
export type { WaitOptions, WaitResult } from './flows/wait-for-connection.js';
export type { components, operations, paths } from './generated/schema.js';
export type { Logger } from './internal/logger.js';
export type { RequestOptions } from './internal/transport.js';
export { base64ToBytes, normalizeQr, type QrCode, qrBase64 } from './qr.js';
export { Sessions } from './sessions.js';
export type {
  ErrorCode,
  KnownSessionStatus,
  Session,
  SessionList,
  SessionRef,
  SessionState,
  SessionStatus,
  SessionStatusInfo,
} from './types.js';
export {
  type CreateSessionInput,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PHONE_NUMBER_PATTERN,
  SESSION_ID_PATTERN,
  validateCreateInput,
  validateDescription,
  validateName,
  validatePhoneNumber,
  validateSessionId,
} from './validate.js';
export type { WatchCursor } from './watch/diff.js';
export {
  type QrExpiredEvent,
  type QrRotatedEvent,
  type ReconnectLoopEvent,
  type SessionCreatedEvent,
  type SessionRemovedEvent,
  type SessionSummary,
  type SnapshotEvent,
  type StaleEvent,
  type StatusChangedEvent,
  summarize as summarizeSession,
  WATCH_EVENT_TYPES,
  type WatchEvent,
  type WatchEventType,
} from './watch/events.js';
export { SessionWatcher, type WatchOptions } from './watch/watcher.js';
