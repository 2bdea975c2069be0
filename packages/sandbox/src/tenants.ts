import type { Tenant } from './domain/model.js';
import { generateApiKey, generatePassword, tenantIdForKey } from './ids.js';
import type { SandboxState } from './storage/state.js';

/** One sandbox account: its API key and, optionally, the e-mail/password that log in to it. */
export interface TenantOptions {
  apiKey: string;
  /** Default: `sandbox+N@example.com`. */
  email?: string;
  /** Default: a generated one. */
  password?: string;
  name?: string;
}

/** The e-mail of the generated default account. */
export const DEFAULT_EMAIL = 'sandbox@example.com';

/**
 * Makes sure the configured accounts exist. With none configured, the accounts already in the data file
 * are kept; on a first start, one account is generated (random key and password, printed by the CLI).
 * Returns the accounts in order; the first is the default one.
 */
export function ensureTenants(state: SandboxState, configured: TenantOptions[] | undefined): Tenant[] {
  if (configured && configured.length > 0) {
    return configured.map((options, index) => {
      const id = tenantIdForKey(options.apiKey);
      const previous = state.tenantById(id);
      const tenant: Tenant = {
        id,
        name: options.name ?? previous?.name ?? `Sandbox account ${index + 1}`,
        apiKey: options.apiKey,
        email:
          options.email ??
          previous?.email ??
          (index === 0 ? DEFAULT_EMAIL : `sandbox+${index + 1}@example.com`),
        password: options.password ?? previous?.password ?? generatePassword(),
      };
      state.putTenant(tenant);
      return tenant;
    });
  }
  const existing = state.tenants();
  if (existing.length > 0) return existing;
  const apiKey = generateApiKey();
  const tenant: Tenant = {
    id: tenantIdForKey(apiKey),
    name: 'Sandbox account',
    apiKey,
    email: DEFAULT_EMAIL,
    password: generatePassword(),
  };
  state.putTenant(tenant);
  return [tenant];
}
