import type { Clock } from '../clock.js';
import { qrPayload } from '../ids.js';
import type { SandboxState } from '../storage/state.js';
import { SandboxError, sessionNotFound } from './errors.js';
import { holdsPhoneNumber, type SessionRecord, type Tenant } from './model.js';
import { type QrTiming, qrLifetime } from './qr-timing.js';

const PHONE_PATTERN = /^[1-9][0-9]{7,14}$/;

/** What `POST /api/sessions` stores, already validated. */
export interface CreateSessionInput {
  sessionId: string;
  phoneNumber?: string | null | undefined;
  name?: string | undefined;
  description?: string | undefined;
}

/** Options of {@link SessionService}. */
export interface SessionServiceOptions {
  clock: Clock;
  timing: QrTiming;
  /** When set, the simulated phone scans a session's QR this long after each `/connect`. */
  autoScanAfterMs: number | null;
}

/** What the simulated phone does when the scanning number differs from the session's expected one. */
export type MismatchPolicy = 'flag' | 'reject';

/** The result of a successful scan. */
export interface ScanResult {
  session: SessionRecord;
  phoneNumber: string;
  /** `PHONE_NUMBER_MISMATCH` when a number other than the expected one scanned. */
  flags: string[];
}

/**
 * The session lifecycle: create, connect (QR rotation and expiry), scan, disconnect, phone logout.
 *
 * Time-driven changes (a QR rotating, the last one expiring, an auto-scan) are applied lazily whenever a
 * session is read, from the clock alone. Nothing runs on timers, so a manual clock drives the whole
 * lifecycle and a restart from SQLite resumes exactly where it stopped.
 */
export class SessionService {
  constructor(
    private readonly state: SandboxState,
    private readonly options: SessionServiceOptions,
  ) {}

  private now(): number {
    return this.options.clock.now();
  }

  /** Creates a `pending` session; 409 for a taken `sessionId` or phone number. */
  create(tenant: Tenant, input: CreateSessionInput): SessionRecord {
    if (this.state.session(tenant.id, input.sessionId)) {
      throw new SandboxError(409, 'SESSION_EXISTS', 'Session already exists');
    }
    const phone = input.phoneNumber ?? null;
    if (phone !== null && this.phoneHolder(tenant.id, phone, 0)) {
      throw new SandboxError(
        409,
        'PHONE_NUMBER_IN_USE',
        `Phone number ${phone} is already used by another session`,
      );
    }
    const now = this.now();
    const session: SessionRecord = {
      id: this.state.nextSessionId(),
      tenantId: tenant.id,
      sessionId: input.sessionId,
      name: input.name ?? `Sesión ${input.sessionId}`,
      description: input.description ?? `Sesión WhatsApp para ${input.sessionId}`,
      expectedPhoneNumber: phone,
      connectedPhoneNumber: null,
      status: 'pending',
      attempt: null,
      flags: [],
      lastActivity: null,
      createdAt: now,
      updatedAt: now,
    };
    this.state.saveSession(session);
    return session;
  }

  /** The tenant's sessions, brought up to date. */
  list(tenant: Tenant): SessionRecord[] {
    return this.state.sessionsOf(tenant.id).map((s) => this.settle(s));
  }

  /** One session by `sessionId`; 404 when it is unknown or another tenant's. */
  get(tenant: Tenant, sessionId: string): SessionRecord {
    const session = this.state.session(tenant.id, sessionId);
    if (!session) throw sessionNotFound();
    return this.settle(session);
  }

  /** One session by numeric id; 404 when it is unknown or another tenant's. */
  getById(tenant: Tenant, id: number): SessionRecord {
    const session = this.state.sessionById(id);
    if (!session || session.tenantId !== tenant.id) throw sessionNotFound();
    return this.settle(session);
  }

  /**
   * Starts a connection attempt with a fresh first QR, replacing any QR still shown. A connected session
   * is left alone, as the spec says.
   */
  connect(tenant: Tenant, sessionId: string): SessionRecord {
    const session = this.get(tenant, sessionId);
    if (session.status === 'connected') return session;
    const now = this.now();
    this.retireCurrentQr(session, now);
    session.status = 'pending';
    session.flags = [];
    session.updatedAt = now;
    this.issueQr(session, 0, now, now);
    this.state.saveSession(session);
    return this.settle(session);
  }

  /**
   * The QR to show now. 404 `QR_NOT_AVAILABLE` when none was issued (or the session is connected), 410
   * `QR_EXPIRED` when the attempt's last QR expired.
   */
  currentQr(
    tenant: Tenant,
    sessionId: string,
  ): { payload: string; expiresAt: number; session: SessionRecord } {
    const session = this.get(tenant, sessionId);
    if (session.status === 'error' && session.attempt) {
      throw new SandboxError(410, 'QR_EXPIRED', 'QR Code expired. Call connect for a new one.');
    }
    if (session.status !== 'pending' || !session.attempt) {
      throw new SandboxError(
        404,
        'QR_NOT_AVAILABLE',
        session.status === 'connected'
          ? 'No QR code available: the session is already connected.'
          : 'No QR code available for this session. Call connect first.',
      );
    }
    return { payload: session.attempt.payload, expiresAt: session.attempt.expiresAt, session };
  }

  /** Logs a connected session out. Any other status is left as it is (the spec: "changes nothing"). */
  disconnect(tenant: Tenant, sessionId: string): SessionRecord {
    const session = this.get(tenant, sessionId);
    if (session.status === 'connected') this.markDisconnected(session);
    return session;
  }

  /**
   * The simulated phone scans the QR that encodes `payload`. Enforces the guide's rules: a QR works once,
   * an expired or replaced one fails, and a number can be in one session only. A number other than the
   * expected one is flagged (or refused with `onMismatch: 'reject'`).
   */
  scan(payload: string, phoneNumber?: string | null, onMismatch: MismatchPolicy = 'flag'): ScanResult {
    const qr = this.state.qr(payload);
    const owner = qr ? this.state.sessionById(qr.sessionDbId) : undefined;
    if (!qr || !owner) {
      throw new SandboxError(404, 'QR_UNKNOWN', 'This sandbox never issued a QR code with that payload.');
    }
    const session = this.settle(owner);
    if (qr.usedAt !== null) {
      throw new SandboxError(409, 'QR_ALREADY_USED', 'This QR code was already scanned; QR codes work once.');
    }
    const now = this.now();
    if (session.status !== 'pending' || session.attempt?.payload !== payload || now >= qr.expiresAt) {
      throw new SandboxError(410, 'QR_EXPIRED', 'This QR code expired or was replaced by a newer one.');
    }
    if (phoneNumber !== undefined && phoneNumber !== null && !PHONE_PATTERN.test(phoneNumber)) {
      throw new SandboxError(
        422,
        'VALIDATION_ERROR',
        'Invalid input: phoneNumber must be 8 to 15 digits, no "+".',
        [{ field: 'phoneNumber', message: 'must be 8 to 15 digits with the country code first and no "+"' }],
      );
    }
    const phone = phoneNumber ?? session.expectedPhoneNumber ?? this.generatedPhone(session);
    const flags: string[] = [];
    if (session.expectedPhoneNumber !== null && phone !== session.expectedPhoneNumber) {
      if (onMismatch === 'reject') {
        throw new SandboxError(
          409,
          'PHONE_NUMBER_MISMATCH',
          `Phone ${phone} is not the number this session expects (${session.expectedPhoneNumber}).`,
        );
      }
      flags.push('PHONE_NUMBER_MISMATCH');
    }
    const holder = this.phoneHolder(session.tenantId, phone, session.id);
    if (holder) {
      throw new SandboxError(
        409,
        'PHONE_NUMBER_IN_USE',
        `Phone number ${phone} is already used by session ${holder.sessionId}; a number can be in one session only.`,
      );
    }
    this.markConnected(session, phone, now, flags);
    return { session, phoneNumber: phone, flags };
  }

  /** Scans whatever QR a session shows now (the control API's shortcut for scripts and demos). */
  scanSession(
    tenant: Tenant,
    sessionId: string,
    phoneNumber?: string | null,
    onMismatch?: MismatchPolicy,
  ): ScanResult {
    const { payload } = this.currentQr(tenant, sessionId);
    return this.scan(payload, phoneNumber, onMismatch);
  }

  /**
   * The phone logs out ("Linked devices > Log out"): every connected session on that number becomes
   * `disconnected`. `tenant` narrows it to one account.
   */
  logoutPhone(phoneNumber: string, tenant?: Tenant): SessionRecord[] {
    const sessions = tenant ? this.state.sessionsOf(tenant.id) : this.state.allSessions();
    const affected = sessions
      .map((s) => this.settle(s))
      .filter((s) => s.status === 'connected' && s.connectedPhoneNumber === phoneNumber);
    for (const session of affected) this.markDisconnected(session);
    return affected;
  }

  /** Logs one session's phone out; 409 `NOT_CONNECTED` when it is not connected. */
  logoutSession(tenant: Tenant, sessionId: string): SessionRecord {
    const session = this.get(tenant, sessionId);
    if (session.status !== 'connected') {
      throw new SandboxError(
        409,
        'NOT_CONNECTED',
        `Session ${sessionId} is ${session.status}, not connected.`,
      );
    }
    this.markDisconnected(session);
    return session;
  }

  /** True when a QR is waiting to be scanned. */
  hasQr(session: SessionRecord): boolean {
    return session.status === 'pending' && session.attempt !== null && this.now() < session.attempt.expiresAt;
  }

  /**
   * Applies what the clock says happened since the session was last read: QRs rotating, the last one
   * expiring (`error`), or the auto-scan.
   */
  private settle(session: SessionRecord): SessionRecord {
    const now = this.now();
    const { timing, autoScanAfterMs } = this.options;
    let changed = false;
    while (session.status === 'pending' && session.attempt) {
      const attempt = session.attempt;
      const autoAt = autoScanAfterMs === null ? null : attempt.startedAt + autoScanAfterMs;
      if (autoAt !== null && autoAt <= now && autoAt >= attempt.issuedAt && autoAt < attempt.expiresAt) {
        if (this.autoScan(session, autoAt)) return session;
      }
      if (now < attempt.expiresAt) break;
      changed = true;
      if (attempt.qrIndex + 1 >= timing.maxQrs) {
        session.status = 'error';
        session.updatedAt = attempt.expiresAt;
        break;
      }
      this.issueQr(session, attempt.qrIndex + 1, attempt.expiresAt, attempt.startedAt);
      session.updatedAt = attempt.expiresAt;
    }
    if (changed) this.state.saveSession(session);
    return session;
  }

  private autoScan(session: SessionRecord, at: number): boolean {
    const phone = session.expectedPhoneNumber ?? this.generatedPhone(session);
    if (this.phoneHolder(session.tenantId, phone, session.id)) return false;
    this.markConnected(session, phone, at, []);
    return true;
  }

  private issueQr(session: SessionRecord, index: number, issuedAt: number, startedAt: number): void {
    const payload = qrPayload();
    const expiresAt = issuedAt + qrLifetime(this.options.timing, index);
    session.attempt = { startedAt, qrIndex: index, payload, issuedAt, expiresAt };
    this.state.saveQr({ payload, sessionDbId: session.id, issuedAt, expiresAt, usedAt: null });
  }

  /** A replaced QR must stop working at once, even though its own lifetime has not run out. */
  private retireCurrentQr(session: SessionRecord, now: number): void {
    const current = session.attempt && this.state.qr(session.attempt.payload);
    if (current && current.expiresAt > now) this.state.saveQr({ ...current, expiresAt: now });
  }

  private markConnected(session: SessionRecord, phone: string, at: number, flags: string[]): void {
    const attempt = session.attempt;
    const qr = attempt && this.state.qr(attempt.payload);
    if (qr) this.state.saveQr({ ...qr, usedAt: at });
    session.status = 'connected';
    session.connectedPhoneNumber = phone;
    session.attempt = null;
    session.flags = flags;
    session.lastActivity = at;
    session.updatedAt = at;
    this.state.saveSession(session);
  }

  private markDisconnected(session: SessionRecord): void {
    const now = this.now();
    session.status = 'disconnected';
    session.attempt = null;
    session.lastActivity = now;
    session.updatedAt = now;
    this.state.saveSession(session);
  }

  /**
   * Another session of the tenant that holds this phone number, if any: "one number, one session". The
   * scope is the account, so one tenant's numbers never leak into another's 409s.
   */
  private phoneHolder(tenantId: string, phone: string, exceptId: number): SessionRecord | undefined {
    return this.state.sessionsOf(tenantId).find((s) => s.id !== exceptId && holdsPhoneNumber(s, phone));
  }

  /** A Spanish-looking mobile number for a scan that names none, unique within the tenant. */
  private generatedPhone(session: SessionRecord): string {
    for (let n = session.id; ; n += 1_000_003) {
      const phone = `346${String(n % 100_000_000).padStart(8, '0')}`;
      if (!this.phoneHolder(session.tenantId, phone, session.id)) return phone;
    }
  }
}
