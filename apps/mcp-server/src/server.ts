/**
 * `createServer(deps)`: builds the MCP server from the tool registry, the session resources and the
 * onboarding prompt. It has no side effects at import and reads no environment: the caller (the bin, a
 * test, an embedding app) passes everything in. This is one of the few files that import the MCP SDK.
 */
import type { InboxHub } from '@inbox-hub/client';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer, type RegisteredTool, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type ReadResourceResult,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConnectLinkApi } from './connect-links.js';
import { describeError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import {
  CONNECT_CLIENT_PROMPT,
  connectClientArgs,
  connectClientDescription,
  connectClientText,
} from './prompts/connect-client-whatsapp.js';
import { createRedactor, type Redactor } from './redact.js';
import {
  completeSessionIds,
  parseResourceUri,
  readSessionList,
  readSessionStatus,
  SESSION_URI_TEMPLATE,
  SESSIONS_URI,
  sessionUri,
} from './resources/sessions.js';
import { ResourceWatcher } from './resources/watcher.js';
import { SessionMemory } from './session-memory.js';
import { type Surfaces, surfacesFor } from './surfaces.js';
import { registerTaskTool, TASK_CAPABILITIES } from './tasks/register-task-tool.js';
import { TaskSupport } from './tasks/task-support.js';
import { progressOnRequest, runTool, toolConfig } from './tool-runner.js';
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
  /** Support `resources/subscribe` (polling while subscribed). Default: on unless `stateless`. */
  subscriptions?: boolean;
  /**
   * Each request gets a fresh server (stateless HTTP): no subscriptions, and a task outlives the server
   * that created it, its progress waiting for `tasks/result`. Default false.
   */
  stateless?: boolean;
  /**
   * Lets clients run `wait_for_connection` as an MCP task. Default: a task store of this server's own,
   * which suits a standing connection; stateless servers need one shared store (or get no tasks).
   * `false` turns tasks off.
   */
  tasks?: TaskSupport | false | undefined;
  /** How often subscribed resources are polled, in ms. Default 5 000. */
  resourcePollIntervalMs?: number;
  /** `wait_for_connection`'s poll intervals, in ms (default 2 000 growing to 6 000), and its clock. */
  wait?: ToolDeps['wait'];
  /** The dashboard's connect-link API; `create_connect_link` is offered only with it. */
  connectLinks?: ConnectLinkApi | undefined;
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
 * it with `server.close()`, which also stops any resource polling and, unless `stateless`, cancels the
 * tasks still running on this connection.
 */
export function createServer(deps: ServerDeps): McpServer {
  const logger = deps.logger ?? silentLogger;
  const redactor = createRedactor(deps.secrets ?? []);
  const tools = selectTools({
    readOnly: deps.readOnly ?? false,
    allowedTools: deps.allowedTools,
    available: new Set(deps.connectLinks ? (['connectLinks'] as const) : []),
  });
  const toolDeps: ToolDeps & { card: { active: boolean } } = {
    hub: deps.hub,
    memory: deps.memory ?? new SessionMemory(),
    wait: deps.wait ?? { pollIntervalMs: 2_000, maxPollIntervalMs: 6_000 },
    now: deps.now ?? Date.now,
    connectLinks: deps.connectLinks,
    card: { active: false },
  };

  const tasks = taskSupportFor(deps, tools);
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Inbox Hub WhatsApp sessions', version: SERVER_VERSION },
    {
      instructions:
        'Manages the WhatsApp sessions of an Inbox Hub account: one session per client phone. To connect a new client use setup_session, show the QR image, then wait_for_connection. QR codes expire within about a minute.',
      ...(tasks && {
        capabilities: { tasks: TASK_CAPABILITIES },
        taskStore: tasks.store,
        taskMessageQueue: tasks.queue,
      }),
    },
  );

  const registered = new Map<string, RegisteredTool>();
  for (const tool of tools) {
    registered.set(
      tool.name,
      tasks && tool.taskSupport
        ? registerTaskTool(server, tool, toolDeps, {
            support: tasks,
            stateless: deps.stateless ?? false,
            redactor,
            logger,
          })
        : registerTool(server, tool, toolDeps, redactor, logger),
    );
  }
  // The allow-list and read-only mode chose the tools; resources, completions, the prompt and the card follow.
  const surfaces = surfacesFor(tools.map((t) => t.name));
  registerConnectCard(server, {
    mode: deps.card ?? 'auto',
    registered,
    surfaces,
    deps: toolDeps,
    redactor,
    logger,
  });
  registerResources(server, deps, surfaces, redactor, logger);
  if (surfaces.connectPrompt) registerPrompt(server, deps.hub, surfaces);
  return server;
}

/**
 * The task store to use, if any: only when an offered tool can run as a task, so tasks/* answer nothing
 * the allow-list left out. A store of the server's own works only where the same server answers the
 * later tasks/get, that is over a standing connection.
 */
function taskSupportFor(deps: ServerDeps, tools: readonly Tool[]): TaskSupport | undefined {
  if (deps.tasks === false || !tools.some((t) => t.taskSupport)) return undefined;
  if (deps.tasks) return deps.tasks;
  return deps.stateless ? undefined : new TaskSupport();
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
    toolConfig(tool),
    (args, extra): Promise<CallToolResult> =>
      runTool(
        tool,
        args,
        deps,
        { signal: extra.signal, progress: progressOnRequest(extra, redactor, logger, tool.name) },
        redactor,
        logger,
      ),
  );
}

function registerResources(
  server: McpServer,
  deps: ServerDeps,
  surfaces: Surfaces,
  redactor: Redactor,
  logger: Logger,
): void {
  if (!surfaces.sessionList && !surfaces.sessionStatus) return;
  const json = (uri: string, value: unknown): ReadResourceResult => ({
    contents: [{ uri, mimeType: MIME_JSON, text: JSON.stringify(redactor.deep(value)) }],
  });
  // Resource reads have no isError channel: a failure is a JSON-RPC error carrying the same sentence.
  const fail = (error: unknown, sessionId?: string): never => {
    throw new McpError(ErrorCode.InternalError, redactor.text(describeError(error, sessionId)));
  };

  if (surfaces.sessionList) {
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
  }

  if (surfaces.sessionStatus) {
    server.registerResource(
      'session-status',
      new ResourceTemplate(SESSION_URI_TEMPLATE, {
        // One entry per session enumerates the account, and so does completing an id: both are the
        // session list's data, offered only with list_sessions.
        list: !surfaces.sessionList
          ? undefined
          : async (extra) => {
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
        complete: surfaces.sessionList
          ? { sessionId: (value) => completeSessionIds(deps.hub, value) }
          : undefined,
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
  }

  if (!(deps.subscriptions ?? !deps.stateless)) return;
  const watcher = new ResourceWatcher({
    hub: deps.hub,
    intervalMs: deps.resourcePollIntervalMs ?? 5_000,
    onChange: (uri) => server.server.sendResourceUpdated({ uri }),
    logger,
  });
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const target = parseResourceUri(uri);
    if (target === undefined) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Cannot subscribe to ${uri}: use ${SESSIONS_URI} or ${SESSION_URI_TEMPLATE.replace('{sessionId}', 'SESSION_ID')}.`,
      );
    }
    const tool = target.kind === 'list' ? 'list_sessions' : 'get_session_status';
    if (!(target.kind === 'list' ? surfaces.sessionList : surfaces.sessionStatus)) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Cannot subscribe to ${uri}: that resource is not offered by this server, because its tool ${tool} is left out by the tool allow-list or read-only mode.`,
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

function registerPrompt(server: McpServer, hub: InboxHub, surfaces: Surfaces): void {
  // `completable` marks the schema object itself, so it gets a copy (`describe` clones) and the shared
  // argument schema stays plain for the next server built in this process.
  const sessionId = connectClientArgs.sessionId;
  const argsSchema = surfaces.sessionList
    ? {
        ...connectClientArgs,
        sessionId: completable(sessionId.describe(sessionId.description ?? ''), (value) =>
          completeSessionIds(hub, value),
        ),
      }
    : connectClientArgs;
  server.registerPrompt(
    CONNECT_CLIENT_PROMPT,
    {
      title: "Connect a client's WhatsApp",
      description: connectClientDescription,
      argsSchema,
    },
    (args) => ({
      description: connectClientDescription,
      messages: [{ role: 'user', content: { type: 'text', text: connectClientText(args) } }],
    }),
  );
}
