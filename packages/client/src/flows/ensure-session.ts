import { SessionExistsError } from '../errors.js';
import type { Sessions } from '../sessions.js';
import type { Session } from '../types.js';
import type { SetupSessionOptions } from './setup-session.js';

/** What `ensureSession` returns. */
export interface EnsureSessionResult {
  session: Session;
  /** False when the session already existed and was reused. */
  created: boolean;
}

/**
 * Creates the session, or returns the existing one with that `sessionId` (the guide's advice for
 * "Session already exists"), without a race: it tries the create first and looks up only on 409.
 */
export async function ensureSession(
  sessions: Sessions,
  sessionId: string,
  options: SetupSessionOptions = {},
): Promise<EnsureSessionResult> {
  const { name, phoneNumber, description, ...request } = options;
  try {
    const session = await sessions.create({ sessionId, name, phoneNumber, description }, request);
    return { session, created: true };
  } catch (error) {
    if (!(error instanceof SessionExistsError)) throw error;
    const existing = await sessions.find(sessionId, request);
    if (!existing) throw error;
    return { session: existing, created: false };
  }
}
