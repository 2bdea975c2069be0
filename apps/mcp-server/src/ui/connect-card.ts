/**
 * The connect card's identity: its `ui://` resource, the tools that show it, its CSP, and its HTML, which
 * `pnpm build` bundles into `dist/ui/connect-card.html` (one self-contained file: script and style inline).
 */
import { readFileSync } from 'node:fs';

/** The card's resource URI. */
export const CONNECT_CARD_URI = 'ui://inbox-hub/connect-card';

/** The model-facing tools whose results the card renders. */
export const CARD_TOOLS = ['setup_session', 'get_qr_code', 'wait_for_connection'] as const;

/**
 * The tools that read any session's current QR: the card, which fetches the next QR itself, is offered
 * only beside one of them.
 */
export const QR_TOOLS = ['get_qr_code', 'wait_for_connection'] as const;

/**
 * The tool whose data "Try again" is (a new connection of an existing session): offered only beside it.
 * `setup_session` does not count, since it creates the session first and cannot reconnect one.
 */
export const RETRY_TOOLS = ['connect_session'] as const;

/**
 * The card's CSP as MCP Apps declares it: no origin at all. Its script, style and the QR (a `data:` PNG)
 * are inline, and it reaches the server only through the host bridge (postMessage), so it needs no network.
 */
export const CARD_CSP = { connectDomains: [] as string[], resourceDomains: [] as string[] };

// Where the built HTML lies relative to the module that reads it: dist/ui/ (the library), dist/ (the
// bundled bin) and src/ui/ (tests run the sources against a built package).
const CANDIDATES = ['./connect-card.html', './ui/connect-card.html', '../../dist/ui/connect-card.html'];
let cached: string | undefined;

/** The card's HTML, read once. Throws with the build command when the package was not built. */
export function connectCardHtml(): string {
  if (cached !== undefined) return cached;
  for (const candidate of CANDIDATES) {
    try {
      cached = readFileSync(new URL(candidate, import.meta.url), 'utf8');
      return cached;
    } catch {
      // Try the next place.
    }
  }
  throw new Error(
    'The connect card is not built (dist/ui/connect-card.html is missing). Run: pnpm --filter @inbox-hub/mcp-server build',
  );
}
