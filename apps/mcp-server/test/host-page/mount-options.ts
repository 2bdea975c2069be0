import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** What the Node side passes to the host page's `mountCard`. */
export interface MountOptions {
  /** The card's HTML, as `resources/read` returned it. */
  html: string;
  /** The resource's `_meta.ui.csp`. */
  csp: { connectDomains?: string[]; resourceDomains?: string[] } | undefined;
  /** The arguments of the tool call the card belongs to. */
  toolInput: Record<string, unknown>;
  /** That call's result. */
  toolResult: CallToolResult;
  /** The host context's locale (BCP 47). */
  locale: string;
}
