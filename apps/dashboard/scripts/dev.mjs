// `pnpm --filter @inbox-hub/dashboard dev`: the dashboard against a fresh local sandbox, in one command.
// The sandbox's simulated phone scans every QR a while after it is shown, so the whole flow plays out
// without a real phone. The operator password and API token are generated per run and printed once.
import { randomBytes } from 'node:crypto';
import { InboxHub } from '@inbox-hub/client';
import { startSandbox } from '@inbox-hub/sandbox';
import { startDashboard } from '../dist/index.js';

const port = Number(process.env.INBOX_HUB_DASHBOARD_PORT ?? 4020);
const autoScanSeconds = Number(process.env.DEV_AUTO_SCAN_SECONDS ?? 25);
const sandbox = await startSandbox({ autoScanAfterMs: autoScanSeconds > 0 ? autoScanSeconds * 1000 : null });
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
  store: ':memory:',
});
process.stdout.write(`Dashboard: ${dashboard.url}   (sandbox Inbox Hub at ${sandbox.url}, memory only)
Sign in:   operator / ${password}
API token: ${apiToken}   (POST ${publicUrl}/api/connect-links)
The simulated phone scans each QR ${autoScanSeconds > 0 ? `${autoScanSeconds} s after it is issued` : 'never'} (DEV_AUTO_SCAN_SECONDS, 0 = off).
Ctrl-C stops both.
`);
const stop = async () => {
  await dashboard.stop();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
