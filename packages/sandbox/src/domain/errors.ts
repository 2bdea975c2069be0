/** One invalid field of a request. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the HTTP layer turns into the spec's error envelope. `code` is one of the spec's error codes
 * on the public API; the control API adds a few of its own (such as `QR_ALREADY_USED`).
 */
export class SandboxError extends Error {
  override name = 'SandboxError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** 404 `SESSION_NOT_FOUND`, worded the same for "does not exist" and "belongs to another tenant". */
export function sessionNotFound(): SandboxError {
  return new SandboxError(404, 'SESSION_NOT_FOUND', 'Session not found');
}

/** 422 `VALIDATION_ERROR` naming each invalid field. */
export function validationFailed(details: FieldError[]): SandboxError {
  const first = details[0];
  const message = first ? `Invalid input: ${first.field} ${first.message}` : 'Invalid input';
  return new SandboxError(422, 'VALIDATION_ERROR', message, details);
}
