import type { QrRecord, SessionRecord, Tenant } from '../domain/model.js';

/** Everything the sandbox keeps, as loaded at start. */
export interface Snapshot {
  tenants: Tenant[];
  sessions: SessionRecord[];
  qrs: QrRecord[];
  meta: Map<string, string>;
}

/**
 * Where state is written through to. The sandbox works on memory and calls these after every change, so a
 * store only has to save rows, never answer queries.
 */
export interface Persistence {
  load(): Snapshot;
  saveTenant(tenant: Tenant): void;
  saveSession(session: SessionRecord): void;
  saveQr(qr: QrRecord): void;
  setMeta(key: string, value: string): void;
  close(): void;
}

/** The default: nothing survives the process. */
export const memoryPersistence: Persistence = {
  load: () => ({ tenants: [], sessions: [], qrs: [], meta: new Map() }),
  saveTenant() {},
  saveSession() {},
  saveQr() {},
  setMeta() {},
  close() {},
};
