/**
 * The packages users install, in publish order (a package after everything it depends on), and how each
 * is checked. Everything else in the workspace is private.
 */
export interface PublicPackage {
  name: string;
  /** Its folder, from the repository root. */
  dir: string;
  /**
   * How arethetypeswrong checks it: `esm-only` for the ESM packages with an import surface (CommonJS users
   * reach them through require(esm), which the rehearsal runs for real), or why it is not checked.
   */
  attw: 'esm-only' | { skip: string };
}

export const PUBLIC_PACKAGES: readonly PublicPackage[] = [
  { name: '@inbox-hub/client', dir: 'packages/client', attw: 'esm-only' },
  { name: '@inbox-hub/config', dir: 'packages/config', attw: 'esm-only' },
  { name: '@inbox-hub/sandbox', dir: 'packages/sandbox', attw: 'esm-only' },
  { name: '@inbox-hub/mcp-server', dir: 'apps/mcp-server', attw: 'esm-only' },
  { name: '@inbox-hub/cli', dir: 'apps/cli', attw: { skip: 'a command only: no import surface' } },
  { name: '@inbox-hub/dashboard', dir: 'apps/dashboard', attw: 'esm-only' },
  { name: '@inbox-hub/relay', dir: 'apps/relay', attw: 'esm-only' },
  {
    name: 'n8n-nodes-inbox-hub',
    dir: 'packages/n8n-nodes-inbox-hub',
    attw: { skip: 'an n8n community package: n8n loads its CommonJS files by path; no types to check' },
  },
];

/** The names, for "does this dependency get published too?". */
export const PUBLIC_NAMES: ReadonlySet<string> = new Set(PUBLIC_PACKAGES.map((p) => p.name));

/** Our names on npm: the rehearsal's registry serves them only from what it publishes, never upstream. */
export const OWN_NAME_PATTERNS = ['@inbox-hub/*', 'n8n-nodes-inbox-hub'] as const;

/** Whether `name` is ours (published from this repository, or private to it). */
export function isOwnName(name: string): boolean {
  return OWN_NAME_PATTERNS.some((pattern) =>
    pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}
