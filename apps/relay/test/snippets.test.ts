/**
 * The README's receiving snippets, run for real: each starts as a CRM endpoint (Node with standardwebhooks,
 * PHP with hash_hmac), the relay delivers a real event to it, it verifies and accepts it, and it refuses a
 * tampered body and an unsigned request. The README must contain each snippet's file verbatim.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InboxHub } from '@inbox-hub/client';
import { canary, freePort } from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, openOutbox, signerFor, webhookHeaders } from '../src/index.js';
import { testSecret } from './support/fixtures.js';
import { ensurePhp } from './support/php.js';
import { tempDir } from './support/temp.js';
import { waitUntil } from './support/wait.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Snippet {
  name: string;
  file: string;
  start(port: number, env: NodeJS.ProcessEnv): ChildProcess;
}

const snippets: Snippet[] = [
  {
    name: 'Node (standardwebhooks)',
    file: 'examples/verify-webhook.mjs',
    start: (port, env) =>
      spawn(process.execPath, [join(root, 'examples/verify-webhook.mjs')], {
        env: { ...env, PORT: String(port) },
      }),
  },
  {
    name: 'PHP (hash_hmac)',
    file: 'examples/verify-webhook.php',
    start: (port, env) =>
      spawn(ensurePhp(), ['-S', `127.0.0.1:${port}`, join(root, 'examples/verify-webhook.php')], { env }),
  },
];

describe.each(snippets)('the README snippet in $name', (snippet) => {
  let sandbox: RunningSandbox;
  let child: ChildProcess;
  let output = '';
  let url: string;
  const secret = testSecret(snippet.name.slice(0, 4));
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: canary.apiKey }] });
    const port = await freePort();
    child = snippet.start(port, { PATH: process.env.PATH, INBOX_HUB_WEBHOOK_SECRET: secret });
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    url = `http://127.0.0.1:${port}/webhooks/inbox-hub`;
    await waitUntil(
      async () => (await fetch(url, { method: 'POST', body: '{}' })).status === 400,
      'the snippet to listen',
    );
  });
  afterAll(async () => {
    child?.kill();
    await sandbox?.close();
  });

  it('is in the README verbatim', () => {
    expect(readme).toContain(readFileSync(join(root, snippet.file), 'utf8').trim());
  });

  it('accepts a real delivery and refuses a tampered or unsigned one', async () => {
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: canary.apiKey });
    const outbox = await openOutbox({ kind: 'sqlite', file: join(tempDir(), 'outbox.db') });
    const relay = createRelay({ hub, outbox, endpoints: [{ name: 'crm', url, secret, events: 'all' }] });
    try {
      await relay.tick();
      await hub.sessions.create({ sessionId: 'cliente_snippet' });
      await relay.tick();
      expect(await relay.deliverDue()).toBe(1);
      expect(await outbox.list()).toEqual([
        expect.objectContaining({ status: 'delivered', lastStatus: 204 }),
      ]);
      await waitUntil(
        () => output.includes('session.created cliente_snippet pending'),
        'the snippet to log the event',
      );

      const [event] = await outbox.eventsAfter(0, 1);
      const headers = webhookHeaders(signerFor(secret), event!.id, event!.body, Date.now());
      const tampered = await fetch(url, {
        method: 'POST',
        headers,
        body: event!.body.replace('pending', 'connected'),
      });
      expect(tampered.status).toBe(400);
      const unsigned = await fetch(url, {
        method: 'POST',
        body: event!.body,
        headers: { 'content-type': 'application/json' },
      });
      expect(unsigned.status).toBe(400);
      const old = webhookHeaders(signerFor(secret), event!.id, event!.body, Date.now() - 10 * 60_000);
      expect((await fetch(url, { method: 'POST', headers: old, body: event!.body })).status).toBe(400);
      const again = await fetch(url, { method: 'POST', headers, body: event!.body });
      expect(again.status).toBe(204);
    } finally {
      await relay.stop();
      await outbox.close();
    }
  });
});
