// The guide's "new client" flow (its Caso 1 and 2) through @inbox-hub/client.
// Run it against any Inbox Hub: INBOX_HUB_BASE_URL=... INBOX_HUB_API_KEY=... node examples/new-client.mjs
import { InboxHub, InboxHubError } from '@inbox-hub/client';

const hub = InboxHub.fromEnv();
const sessionId = process.argv[2] ?? 'cliente_12345';
const phoneNumber = process.argv[3] ?? '34612345678';

try {
  console.log(`Creating session ${sessionId} for ${phoneNumber} on ${hub.baseUrl}`);
  const { session, qr } = await hub.setupSession(sessionId, { name: `WhatsApp ${sessionId}`, phoneNumber });
  console.log(`  created: dbId ${session.id}, status ${session.status}`);
  console.log(`  QR ready: ${qr.png().length}-byte PNG, expires ${qr.expiresAt.toISOString()}`);
  console.log(`  show it with <img src="${qr.dataUrl.slice(0, 40)}…">`);
  const status = await hub.sessions.getStatus(session);
  console.log(`  status: ${status.status}${status.phoneNumber ? ` (${status.phoneNumber})` : ''}`);
} catch (error) {
  if (error instanceof InboxHubError) {
    console.error(`${error.name}: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
