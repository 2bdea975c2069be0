import type { QrRecord, SessionRecord, Tenant } from '../domain/model.js';
import type { Persistence } from './persistence.js';

const scopedKey = (tenantId: string, sessionId: string) => `${tenantId}\u0000${sessionId}`;

/**
 * The sandbox's state in memory, indexed the ways the API looks things up, written through to a
 * {@link Persistence} on every change.
 */
export class SandboxState {
  private readonly tenantsByKey = new Map<string, Tenant>();
  private readonly tenantsByEmail = new Map<string, Tenant>();
  private readonly sessionsById = new Map<number, SessionRecord>();
  private readonly sessionsByScopedId = new Map<string, SessionRecord>();
  private readonly qrs = new Map<string, QrRecord>();
  private readonly meta: Map<string, string>;
  private lastId = 0;

  constructor(private readonly persistence: Persistence) {
    const snapshot = persistence.load();
    this.meta = snapshot.meta;
    for (const tenant of snapshot.tenants) this.indexTenant(tenant);
    for (const session of snapshot.sessions) this.indexSession(session);
    for (const qr of snapshot.qrs) this.qrs.set(qr.payload, qr);
  }

  /** Every tenant, in the order they were first stored. */
  tenants(): Tenant[] {
    return [...new Set(this.tenantsByKey.values())];
  }

  tenantByApiKey(apiKey: string): Tenant | undefined {
    return this.tenantsByKey.get(apiKey);
  }

  tenantByEmail(email: string): Tenant | undefined {
    return this.tenantsByEmail.get(email.toLowerCase());
  }

  tenantById(id: string): Tenant | undefined {
    return this.tenants().find((t) => t.id === id);
  }

  putTenant(tenant: Tenant): void {
    this.indexTenant(tenant);
    this.persistence.saveTenant(tenant);
  }

  /** A tenant's sessions in creation order. */
  sessionsOf(tenantId: string): SessionRecord[] {
    return [...this.sessionsById.values()].filter((s) => s.tenantId === tenantId);
  }

  allSessions(): SessionRecord[] {
    return [...this.sessionsById.values()];
  }

  sessionById(id: number): SessionRecord | undefined {
    return this.sessionsById.get(id);
  }

  session(tenantId: string, sessionId: string): SessionRecord | undefined {
    return this.sessionsByScopedId.get(scopedKey(tenantId, sessionId));
  }

  /** The next numeric id. Ids are global, like a database's, so they never reveal a tenant's count. */
  nextSessionId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Stores a new or changed session. */
  saveSession(session: SessionRecord): void {
    this.indexSession(session);
    this.persistence.saveSession(session);
  }

  qr(payload: string): QrRecord | undefined {
    return this.qrs.get(payload);
  }

  saveQr(qr: QrRecord): void {
    this.qrs.set(qr.payload, qr);
    this.persistence.saveQr(qr);
  }

  getMeta(key: string): string | undefined {
    return this.meta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.meta.set(key, value);
    this.persistence.setMeta(key, value);
  }

  close(): void {
    this.persistence.close();
  }

  private indexTenant(tenant: Tenant): void {
    this.tenantsByKey.set(tenant.apiKey, tenant);
    this.tenantsByEmail.set(tenant.email.toLowerCase(), tenant);
  }

  private indexSession(session: SessionRecord): void {
    this.sessionsById.set(session.id, session);
    this.sessionsByScopedId.set(scopedKey(session.tenantId, session.sessionId), session);
    this.lastId = Math.max(this.lastId, session.id);
  }
}
