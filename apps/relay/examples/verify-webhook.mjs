// A CRM endpoint that verifies inbox-hub-relay's deliveries, in Node with the standardwebhooks library.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

// The endpoint's secret (whsec_…): the same value as the relay's INBOX_HUB_RELAY_SECRET_<NAME>.
const webhook = new Webhook(process.env.INBOX_HUB_WEBHOOK_SECRET);
const seen = new Set(); // in a real CRM, a table keyed by webhook-id

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8'); // verify the raw bytes, before any JSON parsing
    let event;
    try {
      event = webhook.verify(body, req.headers); // the signature, and a timestamp within 5 minutes
    } catch {
      res.writeHead(400).end('invalid signature');
      return;
    }
    // webhook-id is the event's stable id: a retry (or a redelivery after a crash) carries the same one.
    const id = req.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      console.log(`${event.type} ${event.sessionId} ${event.session.status}`); // upsert the session here
    }
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
