// The README's run command (`./x start`): a local Inbox Hub to build against, with no account and no
// phone. Starts the stateful sandbox, then the MCP server (Streamable HTTP) and the operator dashboard
// pointed at it, prints how to use them, and stops everything cleanly on Ctrl-C. Ports and the data file
// come from the environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBanner, startSandbox } from '@inbox-hub/sandbox';

// dist/start.js → the repository root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const env = process.env;
const sandboxPort = Number(env.INBOX_HUB_SANDBOX_PORT ?? 4010);
const mcpPort = Number(env.INBOX_HUB_MCP_PORT ?? 3333);
const dashboardPort = Number(env.INBOX_HUB_DASHBOARD_PORT ?? 4020);
const dataFile = env.INBOX_HUB_SANDBOX_DATA ?? join(root, '.data', 'sandbox.db');

mkdirSync(dirname(dataFile), { recursive: true });
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
try {
  sandbox = await startSandbox({ port: sandboxPort, dataFile });
} catch (error) {
  console.error(`Could not start the sandbox on port ${sandboxPort}: ${(error as Error).message}`);
  console.error('Set INBOX_HUB_SANDBOX_PORT to a free port, or stop what is using it.');
  process.exit(1);
}

const children: ChildProcess[] = [];
/** Starts a built bin of this repository with the sandbox's account in its environment. */
function startChild(
  name: string,
  bin: string,
  args: string[],
  extraEnv: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, [join(root, bin), ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...env,
      INBOX_HUB_BASE_URL: sandbox.url,
      INBOX_HUB_API_KEY: sandbox.apiKey,
      INBOX_HUB_EMAIL: sandbox.account.email,
      INBOX_HUB_PASSWORD: sandbox.account.password,
      ...extraEnv,
    },
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer at ${url}`);
}

let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  );
  await sandbox.close();
  console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const mcpUrl = `http://127.0.0.1:${mcpPort}/mcp`;
startChild('MCP server', 'apps/mcp-server/dist/bin.js', ['--http', '--port', String(mcpPort)], {
  INBOX_HUB_MCP_PORT: String(mcpPort),
});
// The dashboard's operator password and link token are made for this run and printed once.
const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
const operatorPassword = randomBytes(9).toString('base64url');
const linkToken = randomBytes(18).toString('base64url');
startChild('Dashboard', 'apps/dashboard/dist/bin.js', [], {
  INBOX_HUB_DASHBOARD_PORT: String(dashboardPort),
  INBOX_HUB_DASHBOARD_PASSWORD: operatorPassword,
  INBOX_HUB_DASHBOARD_SECRET: randomBytes(32).toString('hex'),
  INBOX_HUB_DASHBOARD_API_TOKEN: linkToken,
  INBOX_HUB_DASHBOARD_PUBLIC_URL: dashboardUrl,
  // Customer links (and which are spent) next to the sandbox's data.
  INBOX_HUB_DASHBOARD_DATA: join(dirname(dataFile), 'dashboard.sqlite'),
});
try {
  await waitFor(`http://127.0.0.1:${mcpPort}/healthz`, 'The MCP server');
  await waitFor(`${dashboardUrl}/healthz`, 'The dashboard');
} catch (error) {
  console.error((error as Error).message);
  await stop(1);
}

console.log(
  formatBanner(sandbox, { apiKeyProvided: false, passwordProvided: false, dataFile }).replace(
    /\n?Ctrl-C stops it\.\s*$/,
    '',
  ),
);
console.log(`
MCP server (Streamable HTTP, no token on loopback): ${mcpUrl}
  Claude Code:    claude mcp add --transport http inbox-hub ${mcpUrl}
  MCP Inspector:  npx @modelcontextprotocol/inspector --cli ${mcpUrl} --transport http --method tools/list
  stdio instead:  INBOX_HUB_BASE_URL=${sandbox.url} INBOX_HUB_API_KEY=${sandbox.apiKey} node apps/mcp-server/dist/bin.js

Dashboard: ${dashboardUrl}   sign in as operator / ${operatorPassword}
  customer connect links: POST ${dashboardUrl}/api/connect-links with "Authorization: Bearer ${linkToken}"

n8n (n8n-nodes-inbox-hub): create "Inbox Hub API" credentials with
  Base URL ${sandbox.url}  API key ${sandbox.apiKey}
  (from n8n in Docker, use your machine's address instead of 127.0.0.1)

Ctrl-C stops everything.`);
