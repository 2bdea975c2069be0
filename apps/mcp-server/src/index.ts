/**
 * @inbox-hub/mcp-server: embed the Inbox Hub MCP server in your own process, or run the `inbox-hub-mcp`
 * bin. Importing this module starts nothing.
 */
export { type Command, type Config, ConfigError, ENV, parseCommand } from './config.js';
export { ConnectLinkApi, type ConnectLinkApiOptions, ConnectLinkError } from './connect-links.js';
export { describeError } from './errors.js';
export { type HttpOptions, MCP_PATH, type RunningHttpServer, startHttpServer } from './http.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { CONNECT_CLIENT_PROMPT } from './prompts/connect-client-whatsapp.js';
export { SESSION_URI_TEMPLATE, SESSIONS_URI, sessionUri } from './resources/sessions.js';
export { createServer, type ServerDeps } from './server.js';
export { SessionMemory } from './session-memory.js';
export { type Surfaces, surfacesFor } from './surfaces.js';
export { TaskSupport, type TaskSupportOptions } from './tasks/task-support.js';
export {
  ALL_TOOLS,
  selectTools,
  TOOL_NAMES,
  type Tool,
  type ToolAnnotations,
  type ToolName,
} from './tools/index.js';
export { SERVER_NAME, SERVER_VERSION } from './version.js';
