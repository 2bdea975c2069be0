/**
 * `createServer(deps)`: builds the MCP server from the tool registry, the session resources and the
 * onboarding prompt. It has no side effects at import and reads no environment: the caller (the bin, a
 * test, an embedding app) passes everything in. This is one of the few files that import the MCP SDK.
 */
import type { InboxHub } from '@inbox-hub/client';
import { McpServer, type RegisteredTool, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type ReadResourceResult,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describeError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import {
  CONNECT_CLIENT_PROMPT,
  CONNECT_CLIENT_TOOLS,
  connectClientArgs,
  connectClientDescription,
  connectClientText,
} from './prompts/connect-client-whatsapp.js';
import { createRedactor, type Redactor } from './redact.js';
import {
  fingerprint,
  parseResourceUri,
  readSessionList,
  readSessionStatus,
  SESSION_URI_TEMPLATE,
  SESSIONS_URI,
  sessionUri,
} from './resources/sessions.js';
import { ResourceWatcher } from './resources/watcher.js';
import { SessionMemory } from './session-memory.js';
import { selectTools, type Tool, type ToolDeps, type ToolName } from './tools/index.js';
import { type CardMode, registerConnectCard } from './ui/register-card.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

/** What {@link createServer} needs. Only `hub` is required. */
export interface ServerDeps {
  /** The Inbox Hub client every call goes through. */
  hub: InboxHub;
  /** Offer only the tools that read. Default false. */
  readOnly?: boolean;
  /** Offer only these tools (intersected with read-only mode). Default: all. */
  allowedTools?: readonly ToolName[] | undefined;
  /** Secrets to scrub from every result, resource and log line (the API key, the password). */
  secrets?: ReadonlyArray<string | undefined>;
  /** Support `resources/subscribe` (polling while subscribed). Default true; off for stateless HTTP. */
  subscriptions?: boolean;
  /** How often subscribed resources are polled, in ms. Default 5 000. */
  resourcePollIntervalMs?: number;
  /** `wait_for_connection`'s poll intervals, in ms (default 2 000 growing to 6 000), and its clock. */
  wait?: ToolDeps['wait'];
  /** When to offer the connect card (MCP Apps). Default `auto`: when the client says it renders apps. */
  card?: CardMode;
  /** Shared memory of expected phones and shown QRs; pass one to share it across servers. */
  memory?: SessionMemory;
  logger?: Logger;
  /** The clock. */
  now?: () => number;
}

const MIME_JSON = 'application/json';

/**
 * Builds an MCP server for Inbox Hub. Connect it to a transport with `server.connect(transport)`; close
 * it with `server.close()`, which also stops any resource polling.
 */
export function createServer(deps: ServerDeps): McpServer {
  const logger = deps.logger ?? silentLogger;
  const redactor = createRedactor(deps.secrets ?? []);
  const tools = selectTools({ readOnly: deps.readOnly ?? false, allowedTools: deps.allowedTools });
  const toolDeps: ToolDeps & { card: { active: boolean } } = {
    hub: deps.hub,
    memory: deps.memory ?? new SessionMemory(),
    wait: deps.wait ?? { pollIntervalMs: 2_000, maxPollIntervalMs: 6_000 },
    now: deps.now ?? Date.now,
    card: { active: false },
  };

  const server = new McpServer(
    { name: SERVER_NAME, title: 'Inbox Hub WhatsApp sessions', version: SERVER_VERSION },
    {
      instructions:
        'Manages the WhatsApp sessions of an Inbox Hub account: one session per client phone. To connect a new client use setup_session, show the QR image, then wait_for_connection. QR codes expire within about a minute.',
    },
  );

  const registered = new Map<string, RegisteredTool>();
  for (const tool of tools) registered.set(tool.name, registerTool(server, tool, toolDeps, redactor, logger));
  registerConnectCard(server, {
    mode: deps.card ?? 'auto',
    registered,
    deps: toolDeps,
    readOnly: deps.readOnly ?? false,
    redactor,
    logger,
  });
  registerResources(server, deps, redactor, logger);
  const offered = new Set(tools.map((t) => t.name));
  if (CONNECT_CLIENT_TOOLS.every((name) => offered.has(name))) registerPrompt(server);
  return server;
}

function registerTool(
  server: McpServer,
  tool: Tool,
  deps: ToolDeps,
  redactor: Redactor,
  logger: Logger,
): RegisteredTool {
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (args, extra): Promise<CallToolResult> => {
      const progressToken = extra._meta?.progressToken;
      const ctx = {
        signal: extra.signal,
        async progress(update: { progress: number; total?: number; message?: string }) {
          if (progressToken === undefined) return;
          try {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, ...update, message: update.message && redactor.text(update.message) },
            });
          } catch (error) {
            // A progress note that cannot be delivered must not fail the tool itself.
            logger.debug('Could not send progress', { tool: tool.name, error: String(error) });
          }
        },
      };
      const sessionId = typeof args.sessionId === 'string' ? args.sessionId : undefined;
      const started = Date.now();
      try {
        const result = await tool.run(args, deps, ctx);
        logger.debug(`Tool ${tool.name} succeeded`, { ms: Date.now() - started });
        const structured = redactor.deep(result.structured);
        const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(structured) }];
        if (result.image) content.push({ type: 'image', ...result.image });
        return { content, structuredContent: structured };
      } catch (error) {
        const message = redactor.text(describeError(error, sessionId));
        logger.info(`Tool ${tool.name} failed`, { error: error instanceof Error ? error.name : 'unknown' });
        return { content: [{ type: 'text', text: message }], isError: true };
      }
    },
  );
}

function registerResources(server: McpServer, deps: ServerDeps, redactor: Redactor, logger: Logger): void {
  const json = (uri: string, value: unknown): ReadResourceResult => ({
    contents: [{ uri, mimeType: MIME_JSON, text: JSON.stringify(redactor.deep(value)) }],
  });
  // Resource reads have no isError channel: a failure is a JSON-RPC error carrying the same sentence.
  const fail = (error: unknown, sessionId?: string): never => {
    throw new McpError(ErrorCode.InternalError, redactor.text(describeError(error, sessionId)));
  };

  server.registerResource(
    'sessions',
    SESSIONS_URI,
    {
      title: 'WhatsApp sessions',
      description:
        'Every session of the account with its status and phone number (JSON). Subscribe to hear of changes.',
      mimeType: MIME_JSON,
    },
    async (uri, extra) => {
      try {
        return json(uri.href, await readSessionList(deps.hub, extra.signal));
      } catch (error) {
        return fail(error);
      }
    },
  );

  server.registerResource(
    'session-status',
    new ResourceTemplate(SESSION_URI_TEMPLATE, {
      list: async (extra) => {
        const sessions = await deps.hub.sessions.list({ signal: extra.signal }).then(
          (list) => list.sessions,
          (error: unknown) => fail(error),
        );
        return {
          resources: sessions.map((s) => ({
            uri: sessionUri(s.sessionId),
            name: s.sessionId,
            title: `${s.name} (${s.status})`,
            mimeType: MIME_JSON,
          })),
        };
      },
      complete: {
        sessionId: async (value) => {
          // Completion is a convenience: when the API fails, offer nothing rather than an error.
          const sessions = await deps.hub.sessions.list().then(
            (list) => list.sessions,
            () => [],
          );
          return sessions.map((s) => s.sessionId).filter((id) => id.startsWith(value));
        },
      },
    }),
    {
      title: 'WhatsApp session status',
      description:
        "One session's connection status and phone number (JSON). Subscribe to hear when it changes.",
      mimeType: MIME_JSON,
    },
    async (uri, _variables, extra) => {
      const target = parseResourceUri(uri.href);
      if (target?.kind !== 'session') {
        throw new McpError(
          ErrorCode.InvalidParams,
          'The session id in the URI may contain only letters, digits, "_" and "-": use inbox-hub://sessions/cliente_001.',
        );
      }
      try {
        return json(uri.href, await readSessionStatus(deps.hub, target.sessionId, extra.signal));
      } catch (error) {
        return fail(error, target.sessionId);
      }
    },
  );

  if (deps.subscriptions === false) return;
  const watcher = new ResourceWatcher({
    intervalMs: deps.resourcePollIntervalMs ?? 5_000,
    fingerprint: (uri) => fingerprint(deps.hub, uri),
    onChange: (uri) => server.server.sendResourceUpdated({ uri }),
    logger,
  });
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    if (parseResourceUri(uri) === undefined) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Cannot subscribe to ${uri}: use ${SESSIONS_URI} or ${SESSION_URI_TEMPLATE.replace('{sessionId}', 'SESSION_ID')}.`,
      );
    }
    await watcher.subscribe(uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    watcher.unsubscribe(request.params.uri);
    return {};
  });
  const previous = server.server.onclose;
  server.server.onclose = () => {
    watcher.close();
    previous?.();
  };
}

function registerPrompt(server: McpServer): void {
  server.registerPrompt(
    CONNECT_CLIENT_PROMPT,
    {
      title: "Connect a client's WhatsApp",
      description: connectClientDescription,
      argsSchema: connectClientArgs,
    },
    (args) => ({
      description: connectClientDescription,
      messages: [{ role: 'user', content: { type: 'text', text: connectClientText(args) } }],
    }),
  );
}
