// `pnpm --filter @inbox-hub/dashboard dev`: the dashboard against a fresh local sandbox, in one command.
// Prints the operator login and an API token; everything is generated per run and lives in memory.
import { randomBytes } from 'node:crypto';
import { InboxHub } from '@inbox-hub/client';
import { startSandbox } from '@inbox-hub/sandbox';
import { startDashboard } from '../dist/index.js';

const port = Number(process.env.INBOX_HUB_DASHBOARD_PORT ?? 4020);
const sandbox = await startSandbox({ autoScanAfterMs: null });
const password = randomBytes(9).toString('base64url');
const apiToken = randomBytes(18).toString('base64url');
const publicUrl = `http://127.0.0.1:${port}`;
const dashboard = await startDashboard({
  hub: new InboxHub({ baseUrl: sandbox.url, apiKey: sandbox.apiKey }),
  operator: { user: 'operator', password },
  secret: randomBytes(32).toString('hex'),
  publicUrl,
  secureCookies: false,
  apiToken,
  port,
});
process.stdout.write(`Dashboard: ${dashboard.url}  (sandbox Inbox Hub at ${sandbox.url})
Sign in:   operator / ${password}
API token: ${apiToken}  (POST ${publicUrl}/api/connect-links)
Simulate a phone scan: curl -X POST ${sandbox.url}/sandbox/phone/scan -H 'X-API-Key: ${sandbox.apiKey}' \\
             -H 'Content-Type: application/json' -d '{"sessionId":"cliente_001"}'
Ctrl-C stops both.
`);
const stop = async () => {
  await dashboard.stop();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
