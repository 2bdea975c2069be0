/**
 * Which surfaces besides tools the server offers, derived from the tools it offers. The allow-list
 * (`--tools`) and read-only mode choose the tools; every other surface that exposes account data follows
 * from that choice, so no setting can leave a side door open (issue #11.10). Each surface is tied to the
 * one tool that exposes the same data; a surface whose tool is not offered is not registered at all, so
 * it is neither listed nor answered.
 */
import { CONNECT_CLIENT_TOOLS } from './prompts/connect-client-whatsapp.js';
import type { ToolName } from './tools/names.js';

/** The non-tool surfaces the server offers. */
export interface Surfaces {
  /**
   * The session list: the `inbox-hub://sessions` resource, its subscription, the per-session entries of
   * `resources/list` and every completion of a `sessionId` (all of them enumerate the account's
   * sessions). Same data as `list_sessions`.
   */
  sessionList: boolean;
  /**
   * One named session's status: reading and subscribing to `inbox-hub://sessions/{sessionId}`. Same data
   * as `get_session_status`; without `list_sessions` the caller must already know the id.
   */
  sessionStatus: boolean;
  /** The onboarding prompt, offered only when every tool it walks the assistant through is offered. */
  connectPrompt: boolean;
}

/** The surfaces that the offered tools allow. */
export function surfacesFor(offered: Iterable<ToolName>): Surfaces {
  const tools = new Set(offered);
  return {
    sessionList: tools.has('list_sessions'),
    sessionStatus: tools.has('get_session_status'),
    connectPrompt: CONNECT_CLIENT_TOOLS.every((name) => tools.has(name)),
  };
}
