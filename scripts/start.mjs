// The README's run command: starts the Prism mock of spec/openapi.yaml and runs the guide's
// "new client" flow against it through @inbox-hub/client.

import { InboxHub } from '@inbox-hub/client';
import { startPrism } from '@inbox-hub/contract-testing';

const prism = await startPrism({ port: Number(process.env.PORT) || undefined });
console.log(`Prism mock of spec/openapi.yaml listening on ${prism.url}\n`);
try {
  const hub = new InboxHub({ baseUrl: prism.url, apiKey: 'ihk_demo_not_a_real_key' });
  const sessionId = 'cliente_12345';
  console.log(`1. Create session ${sessionId} (expected phone 34612345678)`);
  const { session, qr } = await hub.setupSession(sessionId, {
    name: 'WhatsApp Empresa ABC',
    phoneNumber: '34612345678',
  });
  console.log(`   created: dbId ${session.id}, status ${session.status}`);
  console.log('2. Start the connection and fetch the QR');
  console.log(`   QR: ${qr.png().length}-byte PNG, expires ${qr.expiresAt.toISOString()}`);
  console.log(`   data URL for <img src>: ${qr.dataUrl.slice(0, 48)}…`);
  console.log('3. Check the status (the client finds the numeric id the status route needs)');
  const status = await hub.sessions.getStatus(session);
  console.log(
    `   status: ${status.status}, phone ${status.phoneNumber ?? '-'}, connected: ${status.isConnected}`,
  );
  const list = await hub.sessions.list();
  console.log(`4. The account has ${list.total} session(s):`);
  for (const s of list.sessions)
    console.log(`   - ${s.sessionId.padEnd(16)} ${s.status.padEnd(12)} ${s.phoneNumber ?? ''}`);
  console.log('\nThe mock answers from the spec examples and keeps no state.');
} finally {
  await prism.stop();
}
