import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PrismServer, startPrism, violationCheckingFetch } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, decodeQrImage, type RunningSandbox, startSandbox } from '../src/index.js';
import type { ApiResponse } from './harness.js';

/**
 * Restarts the sandbox on the same `--data` file and port (so one Prism proxy serves both lives) and
 * checks that everything a client saw before is still there: sessions, ids, statuses, the shown QR, the
 * generated key and password, issued tokens.
 */
describe('a restart with --data loses nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-hub-sandbox-'));
  const dataFile = join(dir, 'state.db');
  const clock = createManualClock();
  const checked = violationCheckingFetch();
  let sandbox: RunningSandbox;
  let prism: PrismServer;

  const api = async (path: string, apiKey: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await checked.fetch(`${prism.url}${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { 'X-API-Key': apiKey, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as ApiResponse['body'] };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ dataFile, clock, qr: { maxQrs: 2 } });
    prism = await startPrism({ mode: 'proxy', upstream: sandbox.url, errors: true });
  });
  afterAll(async () => {
    await prism?.stop();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
    checked.assertNone();
  });

  it('keeps sessions, statuses, the current QR, the account and tokens across a restart', async () => {
    const key = sandbox.apiKey;
    const { email, password } = sandbox.account;
    for (const sessionId of ['connected_one', 'pending_one', 'disconnected_one', 'error_one']) {
      expect((await api('/api/sessions', key, { body: { sessionId } })).status).toBe(201);
      await api(`/api/sessions/${sessionId}/connect`, key, { method: 'POST' });
    }
    sandbox.phone.scan({ sessionId: 'connected_one' });
    sandbox.phone.scan({ sessionId: 'disconnected_one' });
    await api('/api/sessions/disconnected_one/disconnect', key, { method: 'POST' });
    clock.advance(50_000);
    await api('/api/sessions/pending_one/connect', key, { method: 'POST' }); // fresh 60 s QR
    clock.advance(40_000); // error_one: both QRs (60 s + 20 s) gone
    const login = await checked.fetch(`${prism.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: email, password }),
    });
    const token = ((await login.json()) as ApiResponse['body']).data.accessToken as string;

    const listBefore = await api('/api/sessions', key);
    const qrBefore = await api('/api/sessions/pending_one/qr', key);
    expect(listBefore.body.data.sessions.map((s: { status: string }) => s.status)).toEqual([
      'connected',
      'pending',
      'disconnected',
      'error',
    ]);

    await sandbox.close();
    sandbox = await startSandbox({ dataFile, clock, port: sandbox.port, qr: { maxQrs: 2 } });

    expect(sandbox.apiKey).toBe(key);
    expect(sandbox.account).toEqual({ apiKey: key, email, password });
    expect(await api('/api/sessions', key)).toEqual(listBefore);
    const qrAfter = await api('/api/sessions/pending_one/qr', key);
    expect(qrAfter).toEqual(qrBefore);
    const ids = listBefore.body.data.sessions.map((s: { id: number }) => s.id);
    expect((await api(`/api/sessions/${ids[0]}/status`, key)).body.data).toMatchObject({
      status: 'connected',
    });

    // The QR shown before the restart still scans; the token issued before it still authenticates.
    expect(sandbox.phone.scan({ payload: decodeQrImage(qrAfter.body.data.qrCode) as string }).sessionId).toBe(
      'pending_one',
    );
    const withToken = await checked.fetch(`${prism.url}/api/sessions`, {
      method: 'POST',
      headers: { 'X-API-Key': key, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: 'after_restart' }),
    });
    expect(withToken.status).toBe(201);
    // Ids continue after the last one instead of reusing one.
    expect(((await withToken.json()) as ApiResponse['body']).data.id).toBe(Math.max(...ids) + 1);
  });
});
