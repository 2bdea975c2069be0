/**
 * The tool registry: every tool the server offers, in the order clients list them. A new tool is one new
 * file here plus one line below (and its name in `names.ts`).
 */
import { connectSession } from './connect-session.js';
import { createConnectLink } from './create-connect-link.js';
import { createSession } from './create-session.js';
import { disconnectSession } from './disconnect-session.js';
import { getQrCode } from './get-qr-code.js';
import { getSessionStatus } from './get-session-status.js';
import { listSessions } from './list-sessions.js';
import type { ToolName } from './names.js';
import { setupSession } from './setup-session.js';
import type { Tool, ToolRequirement } from './tool.js';
import { waitForConnection } from './wait-for-connection.js';

/** Every tool, registered or not. */
export const ALL_TOOLS: readonly Tool[] = [
  setupSession,
  createSession,
  connectSession,
  getQrCode,
  waitForConnection,
  getSessionStatus,
  listSessions,
  disconnectSession,
  createConnectLink,
];

/**
 * Which tools to offer: read-only mode keeps only the tools that read; an allow-list keeps only its own;
 * a tool that needs an optional service (such as the dashboard's connect-link API) needs it configured.
 */
export function selectTools(options: {
  readOnly: boolean;
  allowedTools?: readonly ToolName[] | undefined;
  available?: ReadonlySet<ToolRequirement> | undefined;
}): Tool[] {
  return ALL_TOOLS.filter(
    (tool) =>
      (!options.readOnly || tool.annotations.readOnlyHint) &&
      (options.allowedTools === undefined || options.allowedTools.includes(tool.name)) &&
      (tool.requires === undefined || options.available?.has(tool.requires) === true),
  );
}

export { TOOL_NAMES, type ToolName } from './names.js';
export type {
  Tool,
  ToolAnnotations,
  ToolContext,
  ToolDeps,
  ToolRequirement,
  ToolResult,
} from './tool.js';
