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
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { ToolDeps } from '../tools/tool.js';
import { type CardTool, cardRetry, cardState } from './card-tools.js';
import { CARD_CSP, CARD_TOOLS, CONNECT_CARD_URI, connectCardHtml, RETRY_TOOLS } from './connect-card.js';

/**
 * When to offer the card. `auto`: once the client's `initialize` says it renders MCP Apps, so a client
 * without them sees exactly the server it saw before the card existed. `on`: always (stateless HTTP,
 * where later requests do not carry the client's capabilities). `off`: never.
 */
export type CardMode = 'auto' | 'on' | 'off';

/** What {@link registerConnectCard} needs from `createServer`. */
export interface ConnectCardOptions {
  mode: CardMode;
  /** The model-facing tools as registered, by name. */
  registered: ReadonlyMap<string, RegisteredTool>;
  /** The tools' shared deps; `card.active` is switched on here when the card is offered. */
  deps: ToolDeps & { card: { active: boolean } };
  /** Read-only mode: the card then cannot "Try again" (that starts a connection). */
  readOnly: boolean;
  redactor: Redactor;
  logger: Logger;
}

/** Offers the card (now, once the client has initialized, or never: see {@link CardMode}). */
export function registerConnectCard(server: McpServer, options: ConnectCardOptions): void {
  const showing = CARD_TOOLS.filter((name) => options.registered.has(name));
  if (options.mode === 'off' || showing.length === 0) return;
  if (options.mode === 'on') {
    offerCard(server, options, showing);
    return;
  }
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    previous?.();
    if (rendersApps(server)) offerCard(server, options, showing);
  };
}

function rendersApps(server: McpServer): boolean {
  const capability = getUiCapability(server.server.getClientCapabilities());
  return capability?.mimeTypes?.includes(RESOURCE_MIME_TYPE) ?? false;
}

function offerCard(server: McpServer, options: ConnectCardOptions, showing: readonly string[]): void {
  const { registered, deps, redactor, logger } = options;
  const canRetry = !options.readOnly && RETRY_TOOLS.some((name) => registered.has(name));

  registerAppResource(
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

  for (const tool of canRetry ? [cardState, cardRetry] : [cardState]) {
    registerCardTool(server, tool, deps, canRetry, redactor, logger);
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
  deps.card.active = true;
}

function registerCardTool(
  server: McpServer,
  tool: CardTool,
  deps: ToolDeps,
  canRetry: boolean,
  redactor: Redactor,
  logger: Logger,
): void {
  registerAppTool(
    server,
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
      _meta: { ui: { resourceUri: CONNECT_CARD_URI, visibility: ['app'] } },
    },
    async (args: Record<string, unknown>, extra): Promise<CallToolResult> => {
      const sessionId = typeof args.sessionId === 'string' ? args.sessionId : undefined;
      try {
        const result = await tool.run(args, deps, {
          signal: extra.signal,
          progress: async () => {},
          canRetry,
        });
        const structured = redactor.deep(result.structured);
        const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(structured) }];
        if (result.image) content.push({ type: 'image', ...result.image });
        return { content, structuredContent: structured };
      } catch (error) {
        logger.info(`Tool ${tool.name} failed`, { error: error instanceof Error ? error.name : 'unknown' });
        return {
          content: [{ type: 'text', text: redactor.text(describeError(error, sessionId)) }],
          isError: true,
        };
      }
    },
  );
}
