/**
 * Wires the connect card into an MCP server (MCP Apps, SEP-1865): the `ui://` resource, the card's
 * app-only tools, and `_meta.ui.resourceUri` on the tools that show a QR. One of the few files that
 * import the MCP SDK (and the only one importing ext-apps on the server side).
 */
import {
  getUiCapability,
  RESOURCE_MIME_TYPE,
  RESOURCE_URI_META_KEY,
  registerAppResource,
  registerAppTool,
} from '@modelcontextprotocol/ext-apps/server';
import type { McpServer, RegisteredResource, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { Surfaces } from '../surfaces.js';
import { runTool, toolConfig } from '../tool-runner.js';
import type { ToolDeps } from '../tools/tool.js';
import { cardRetry, cardState } from './card-tools.js';
import {
  CARD_CSP,
  CARD_TOOLS,
  CONNECT_CARD_URI,
  connectCardHtml,
  QR_TOOLS,
  RETRY_TOOLS,
} from './connect-card.js';

/**
 * When to offer the card. `auto`: once the client's `initialize` says it renders MCP Apps, so a client
 * without them sees exactly the server it saw before the card existed. `on`: always (stateless HTTP,
 * where later requests do not carry the client's capabilities), with the QR images kept in the tools'
 * results for clients that do not draw it. `off`: never.
 */
export type CardMode = 'auto' | 'on' | 'off';

/** What {@link registerConnectCard} needs from `createServer`. */
export interface ConnectCardOptions {
  mode: CardMode;
  /** The model-facing tools as registered, by name. */
  registered: ReadonlyMap<string, RegisteredTool>;
  /** What the offered tools allow: the card reads a session's status, and its name only with the list. */
  surfaces: Surfaces;
  /** The tools' shared deps; `card.active` is switched on here when the card is offered. */
  deps: ToolDeps & { card: { active: boolean } };
  redactor: Redactor;
  logger: Logger;
}

/**
 * Offers the card (now, once the client has initialized, or never: see {@link CardMode}). Its app-only
 * `card_state` reads a session's status and phone, the data of `get_session_status`, so the card is offered
 * only beside that tool: an allow-list cannot open a side door through it.
 */
export function registerConnectCard(server: McpServer, options: ConnectCardOptions): void {
  const { registered } = options;
  const showing = CARD_TOOLS.filter((name) => registered.has(name));
  // card_state hands out any pending session's current QR: the data of get_qr_code and wait_for_connection.
  const readsQr = QR_TOOLS.some((name) => registered.has(name));
  if (options.mode === 'off' || showing.length === 0 || !readsQr || !options.surfaces.sessionStatus) return;
  try {
    connectCardHtml();
  } catch (error) {
    // Found now, not when a host reads the card: without it the tools keep their QR images.
    options.logger.warn('The connect card is not offered', { reason: (error as Error).message });
    return;
  }
  // The resource goes in before the connection: the SDK cannot add the resources capability afterwards.
  const resource = registerCardResource(server);
  if (options.mode === 'on') {
    // The client was not asked whether it draws the card, so the QR tools keep their image too.
    offerCard(server, options, showing, { drawn: false });
    return;
  }
  resource.disable();
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    previous?.();
    if (!rendersApps(server)) return;
    resource.enable();
    offerCard(server, options, showing, { drawn: true });
  };
}

function rendersApps(server: McpServer): boolean {
  const capability = getUiCapability(server.server.getClientCapabilities());
  return capability?.mimeTypes?.includes(RESOURCE_MIME_TYPE) ?? false;
}

function registerCardResource(server: McpServer): RegisteredResource {
  return registerAppResource(
    server,
    'Connect card',
    CONNECT_CARD_URI,
    {
      title: 'WhatsApp connect card',
      description:
        'A live card for linking a phone: the current QR with a countdown, a fresh QR when it expires, and the connected number.',
      _meta: { ui: { csp: CARD_CSP, prefersBorder: true } },
    },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: RESOURCE_MIME_TYPE,
          text: connectCardHtml(),
          _meta: { ui: { csp: CARD_CSP, prefersBorder: true } },
        },
      ],
    }),
  );
}

function offerCard(
  server: McpServer,
  options: ConnectCardOptions,
  showing: readonly string[],
  { drawn }: { drawn: boolean },
): void {
  const { registered, deps, redactor, logger } = options;
  // Read-only mode registers neither tool that starts a connection, so it has no "Try again" either.
  const canRetry = RETRY_TOOLS.some((name) => registered.has(name));
  const canName = options.surfaces.sessionList;

  for (const tool of canRetry ? [cardState, cardRetry] : [cardState]) {
    registerAppTool(
      server,
      tool.name,
      { ...toolConfig(tool), _meta: { ui: { resourceUri: CONNECT_CARD_URI, visibility: ['app'] } } },
      (args: Record<string, unknown>, extra): Promise<CallToolResult> =>
        runTool(
          tool,
          args,
          deps,
          { signal: extra.signal, progress: async () => {}, canRetry, canName },
          redactor,
          logger,
        ),
    );
  }

  // Hosts read `_meta` when they list tools; set it in place rather than through update(), which would
  // send one list_changed notification per tool.
  for (const name of showing) {
    const tool = registered.get(name);
    if (tool === undefined) continue;
    tool._meta = {
      ...tool._meta,
      ui: { resourceUri: CONNECT_CARD_URI },
      [RESOURCE_URI_META_KEY]: CONNECT_CARD_URI,
    };
  }
  // Only a client that said it renders MCP Apps gets QR results without an image.
  deps.card.active = drawn;
}
