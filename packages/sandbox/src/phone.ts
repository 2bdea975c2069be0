import { SandboxError } from './domain/errors.js';
import type { Tenant } from './domain/model.js';
import { decodeQrImage } from './domain/qr-image.js';
import type { MismatchPolicy, SessionService } from './domain/session-service.js';
import type { SandboxState } from './storage/state.js';

/** Which QR the phone scans: its payload, its image (as `/qr` returns it), or a session's current one. */
export type ScanTarget =
  | { payload: string }
  | { qrCode: string }
  | { sessionId: string /** The account's key; the default account's when omitted. */; apiKey?: string };

/** Options of a scan. */
export interface ScanOptions {
  /** The scanning phone's number. Default: the session's expected number, else a generated one. */
  phoneNumber?: string;
  /** A number other than the expected one is flagged (default) or refused. */
  onMismatch?: MismatchPolicy;
}

/** What a scan did. */
export interface PhoneScanResult {
  sessionId: string;
  id: number;
  status: 'connected';
  phoneNumber: string;
  flags: string[];
}

/** The simulated phone of a running sandbox. Failures throw {@link SandboxError} with the control API's code. */
export interface SandboxPhone {
  /** Scans a QR: `QR_UNKNOWN` (404), `QR_ALREADY_USED` (409), `QR_EXPIRED` (410), `PHONE_NUMBER_IN_USE` (409)... */
  scan(target: ScanTarget, options?: ScanOptions): PhoneScanResult;
  /** Logs a phone out: every session connected with that number becomes `disconnected`. Returns their ids. */
  logout(target: { phoneNumber: string } | { sessionId: string; apiKey?: string }): string[];
}

/** Builds the in-process phone over the same service the control routes use. */
export function createPhone(
  sessions: SessionService,
  state: SandboxState,
  defaultTenant: Tenant,
): SandboxPhone {
  const tenantFor = (apiKey: string | undefined): Tenant => {
    const tenant = apiKey === undefined ? defaultTenant : state.tenantByApiKey(apiKey);
    if (!tenant) throw new SandboxError(401, 'INVALID_API_KEY', 'Unknown sandbox API key.');
    return tenant;
  };
  return {
    scan(target, options = {}) {
      let result: ReturnType<SessionService['scan']>;
      if ('sessionId' in target) {
        result = sessions.scanSession(
          tenantFor(target.apiKey),
          target.sessionId,
          options.phoneNumber,
          options.onMismatch,
        );
      } else {
        const payload = 'payload' in target ? target.payload : decodeQrImage(target.qrCode);
        if (payload === undefined)
          throw new SandboxError(422, 'QR_UNREADABLE', 'No QR code could be read from the image.');
        result = sessions.scan(payload, options.phoneNumber, options.onMismatch);
      }
      return {
        sessionId: result.session.sessionId,
        id: result.session.id,
        status: 'connected',
        phoneNumber: result.phoneNumber,
        flags: result.flags,
      };
    },
    logout(target) {
      const affected =
        'sessionId' in target
          ? [sessions.logoutSession(tenantFor(target.apiKey), target.sessionId)]
          : sessions.logoutPhone(target.phoneNumber);
      return affected.map((s) => s.sessionId);
    },
  };
}
