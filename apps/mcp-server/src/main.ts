/**
 * The command line: read the config, build the client and the server, serve stdio or HTTP. Config errors
 * end the process with a sentence on stderr and exit code 2; stdout carries JSON-RPC only.
 */
import { InboxHub } from '@inbox-hub/client';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type Config, ConfigError, parseCommand, USAGE } from './config.js';
import { ConnectLinkApi } from './connect-links.js';
import { createLogger, type Logger } from './logger.js';
import { createRedactor } from './redact.js';
import { createServer, type ServerDeps } from './server.js';
import { SessionMemory } from './session-memory.js';
import { TaskSupport } from './tasks/task-support.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

/** Runs the server until stdin closes (stdio) or a signal arrives; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`inbox-hub-mcp: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
    return 0;
  }
  const { config } = command;
  const secrets = [config.apiKey, config.password, config.httpToken, config.dashboard?.token];
  const logger = createLogger({ level: config.logLevel, redactor: createRedactor(secrets) });
  // One failed request must not take down a server an assistant relies on: log it (redacted) and go on.
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled rejection', { error: reason instanceof Error ? reason.name : typeof reason });
  });
  const hub = new InboxHub({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    email: config.email,
    password: config.password,
    logger,
  });
  const deps: ServerDeps = {
    hub,
    readOnly: config.readOnly,
    allowedTools: config.allowedTools,
    secrets,
    connectLinks: config.dashboard && new ConnectLinkApi(config.dashboard),
    resourcePollIntervalMs: config.resourcePollIntervalMs,
    memory: new SessionMemory(),
    card: config.card,
    logger,
  };
  return config.transport === 'http' ? serveHttp(config, deps, logger) : serveStdio(deps, logger);
}

async function serveStdio(deps: ServerDeps, logger: Logger): Promise<number> {
  // stdout belongs to JSON-RPC: a stray console.log from any dependency would corrupt the stream, so the
  // console's stdout methods are pointed at stderr for the life of the process.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const server = createServer(deps);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  logger.info(`${SERVER_NAME} ${SERVER_VERSION} serving MCP on stdio`);
  await closed;
  await server.close();
  return 0;
}

async function serveHttp(config: Config, deps: ServerDeps, logger: Logger): Promise<number> {
  // One client, one memory and one task store for the process; a fresh MCP server per request
  // (stateless). Subscriptions need a standing connection, which stateless HTTP does not have, so they
  // are off; tasks work because every request's server reads the same store.
  // Loaded only in HTTP mode: the Streamable HTTP transport costs stdio users start-up time for nothing.
  const { startHttpServer } = await import('./http.js');
  const tasks = new TaskSupport();
  const http = await startHttpServer({
    host: config.host,
    port: config.port,
    token: config.httpToken,
    allowedOrigins: config.allowedOrigins,
    logger,
    // Stateless: only the initialize request carries the client's capabilities, so on later requests
    // `auto` cannot tell whether the client renders the card. It stays off (clients without MCP Apps see
    // exactly the tools they always saw) unless the operator turns it on.
    createMcpServer: () =>
      createServer({ ...deps, stateless: true, tasks, card: config.card === 'on' ? 'on' : 'off' }),
  });
  logger.info(`${SERVER_NAME} ${SERVER_VERSION} serving Streamable HTTP at ${http.url}`, {
    auth: config.httpToken ? 'bearer' : 'none',
    card: config.card === 'on' ? 'on' : 'off (set INBOX_HUB_MCP_CARD=on for hosts that render MCP Apps)',
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await http.close();
  await tasks.close();
  return 0;
}
