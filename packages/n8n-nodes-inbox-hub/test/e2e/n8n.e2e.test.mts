/**
 * Runs the package inside a real n8n (the pinned host of test/e2e/n8n-host): every operation through
 * `n8n execute`, an API failure without continueOnFail, and the polling trigger in a running
 * `n8n start`, all over HTTP against Prism's mock of the spec (behind a recording gate).
 */
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import {
  assertNoCanary,
  canary,
  freePort,
  importJson,
  itemsOf,
  type N8nHome,
  type PrismServer,
  parseRun,
  type RunData,
  type RunningPostgres,
  runN8n,
  securityLog,
  startN8n,
  startPostgres,
  startPrism,
} from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionHome, type Gate, startGate, startSmtp, waitFor } from './harness.mjs';
import { packAndExtract, packageDir } from './pack.mjs';
import {
  actionsWorkflow,
  credentialsFile,
  failingWorkflow,
  NODE,
  REDIRECT_CREDENTIAL_ID,
  redirectWorkflow,
  SANDBOX_CREDENTIAL_ID,
  sandboxSetupWorkflow,
  TRIGGER,
  triggerWorkflow,
} from './workflows.mjs';

const PNG_SIGNATURE = '89504e470d0a1a0a';
let prism: PrismServer;
let gate: Gate;
let home: N8nHome;
let packDir: string | undefined;

beforeAll(async () => {
  prism = await startPrism({ mode: 'mock' });
  gate = await startGate(prism.url);
  const packed = await packAndExtract();
  packDir = dirname(packed.tarball);
  home = await extensionHome(packed.extracted);
  await importJson(home, 'credentials', 'credentials.json', credentialsFile(gate.url, canary));
}, 180_000);

afterAll(async () => {
  await gate?.stop();
  await prism?.stop();
  // The n8n user folder (database, logs) and the unpacked tarball are throwaway.
  for (const dir of [home?.userFolder, packDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('every operation inside n8n', () => {
  let run: RunData;
  let stdout: string;

  beforeAll(async () => {
    await importJson(home, 'workflow', 'actions.json', actionsWorkflow());
    const result = await runN8n(home, ['execute', '--id=ihE2eActions0001', '--rawOutput']);
    stdout = result.stdout;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    run = parseRun(result.stdout);
  }, 180_000);

  it('ran against the mock without contract violations, sending the API key', () => {
    expect(gate.requests.length).toBeGreaterThan(8);
    for (const request of gate.requests) {
      expect(request.violations, `${request.method} ${request.path}`).toBeNull();
      expect(request.apiKey).toBe(canary.apiKey);
    }
  });

  it('Create logs in and sends the bearer token with the key', () => {
    const [item] = itemsOf(run, 'Create');
    expect(item?.json).toMatchObject({ id: 2, sessionId: 'cliente_12345', status: 'pending' });
    expect(gate.requests.some((r) => r.method === 'POST' && r.path === '/api/auth/login')).toBe(true);
    const create = gate.requests.find((r) => r.method === 'POST' && r.path === '/api/sessions');
    expect(create?.bearer).toBe(true);
    expect(JSON.parse(create?.body ?? '{}')).toMatchObject({
      sessionId: 'cliente_12345',
      phoneNumber: '34612345678',
    });
  });

  it('Connect and Disconnect return the session state', () => {
    expect(itemsOf(run, 'Connect')[0]?.json).toEqual({
      sessionId: 'cliente_12345',
      status: 'pending',
      rawStatus: 'pending',
    });
    expect(itemsOf(run, 'Disconnect')[0]?.json).toEqual({
      sessionId: 'cliente_12345',
      status: 'disconnected',
      rawStatus: 'disconnected',
    });
  });

  it('Get QR Code returns the PNG as binary plus expiresAt and the data URL', () => {
    const [item] = itemsOf(run, 'Get QR Code');
    expect(item?.json).toMatchObject({
      sessionId: 'cliente_12345',
      status: 'pending',
      expiresAt: '2025-10-14T09:31:05.000Z',
    });
    expect(String(item?.json.qrCode)).toMatch(/^data:image\/png;base64,iVBOR/);
    const binary = item?.binary?.qr;
    expect(binary?.mimeType).toBe('image/png');
    expect(binary?.fileName).toBe('cliente_12345-qr.png');
    const bytes = Buffer.from(binary?.data ?? '', 'base64');
    expect(bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(`data:image/png;base64,${bytes.toString('base64')}`).toBe(item?.json.qrCode);
  });

  it('Get Status reads /status by the numeric id, found directly or from the session ID', () => {
    expect(itemsOf(run, 'Get Status')[0]?.json).toMatchObject({
      id: 2,
      status: 'connected',
      isConnected: true,
    });
    expect(itemsOf(run, 'Get Status By Session ID')[0]?.json).toMatchObject({
      id: 2,
      sessionId: 'cliente_12345',
    });
    expect(gate.requests.filter((r) => r.path === '/api/sessions/2/status')).toHaveLength(2);
  });

  it('Get Many honours Limit and Return All', () => {
    expect(itemsOf(run, 'Get Many Limit 1').map((i) => i.json.sessionId)).toEqual(['sucursal_madrid']);
    expect(itemsOf(run, 'Get Many All').map((i) => i.json.sessionId)).toEqual([
      'sucursal_madrid',
      'cliente_12345',
    ]);
  });

  it('Setup creates, connects and returns the QR', () => {
    const [item] = itemsOf(run, 'Setup');
    expect(item?.json).toMatchObject({ id: 2, sessionId: 'cliente_12345', status: 'pending', reused: false });
    expect(item?.binary?.data?.mimeType).toBe('image/png');
    expect(
      Buffer.from(item?.binary?.data?.data ?? '', 'base64')
        .subarray(0, 8)
        .toString('hex'),
    ).toBe(PNG_SIGNATURE);
  });

  it('continueOnFail turns an API error into an item with its message and code', () => {
    const items = itemsOf(run, 'Get QR Missing');
    expect(items).toHaveLength(1);
    expect(items[0]?.json).toMatchObject({
      error: 'Session not found',
      code: 'SESSION_NOT_FOUND',
      httpCode: '404',
    });
    expect(items[0]?.pairedItem).toEqual({ item: 0 });
  });

  it('continueOnFail turns a bad parameter into an item, and nothing is sent', () => {
    const items = itemsOf(run, 'Create Bad Phone');
    expect(String(items[0]?.json.error)).toContain('Invalid "Phone Number" parameter');
    expect(gate.requests.some((r) => r.body.includes('e2e_bad_phone'))).toBe(false);
  });

  it('pairs every item with its input', () => {
    for (const [node, runs] of Object.entries(run.data.resultData.runData)) {
      if (node === 'Manual') continue;
      for (const item of runs[0]?.data?.main[0] ?? []) expect(item.pairedItem, node).toBeDefined();
    }
  });

  it('never prints a secret', () => {
    assertNoCanary(stdout, 'the n8n execution output');
  });
});

describe('an API error without continueOnFail', () => {
  it('fails the execution with the API message and no secret', async () => {
    await importJson(home, 'workflow', 'failing.json', failingWorkflow());
    const result = await runN8n(home, ['execute', '--id=ihE2eFailing0001', '--rawOutput']);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).not.toBe(0);
    expect(output).toContain('Session not found');
    assertNoCanary(output, 'the failed execution output');
  }, 180_000);
});

const security = securityLog('n8n node', 'e2e');
afterAll(() => security.write());

/** A server on `host` that records what it received and answers with `reply`. */
async function listen(host: string, reply: (url: string) => { status: number; location?: string }) {
  const received: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const { status, location } = reply(req.url ?? '');
      res.writeHead(status, location ? { location } : {});
      res.end(status === 200 ? '{"success":true,"data":{"accessToken":"x","sessions":[]}}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('#11.1 redirects inside n8n', () => {
  it(
    '#11.1 a Base URL that redirects to another origin: the node refuses, the other origin gets nothing',
    () =>
      security.check(
        '#11.1',
        "the credential's Base URL answers 307/302 pointing at another origin (login with password, list)",
        'the node follows no redirect: error items say REDIRECT, the other origin receives no request',
        async () => {
          const attacker = await listen('127.0.0.2', () => ({ status: 200 }));
          const api = await listen('127.0.0.1', (url) => ({
            status: url.endsWith('/login') ? 307 : 302,
            location: `${attacker.url}${url}`,
          }));
          try {
            await importJson(home, 'credentials', 'redirect-credentials.json', [
              {
                id: REDIRECT_CREDENTIAL_ID,
                name: 'Inbox Hub redirect',
                type: 'inboxHubApi',
                data: {
                  baseUrl: api.url,
                  apiKey: canary.apiKey,
                  email: canary.email,
                  password: canary.password,
                },
              },
            ]);
            await importJson(home, 'workflow', 'redirect.json', redirectWorkflow());
            const result = await runN8n(home, ['execute', '--id=ihE2eRedirect001', '--rawOutput']);
            expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
            const run = parseRun(result.stdout);
            for (const name of ['Create Redirected', 'Get Many Redirected']) {
              expect(itemsOf(run, name)[0]?.json, name).toMatchObject({ code: 'REDIRECT' });
              expect(String(itemsOf(run, name)[0]?.json.error)).toContain(attacker.url);
            }
            expect(api.received.length).toBeGreaterThanOrEqual(2);
            expect(attacker.received).toEqual([]);
            assertNoCanary(`${result.stdout}\n${result.stderr}`, 'the redirected run');
          } finally {
            await attacker.close();
            await api.close();
          }
        },
      ),
    180_000,
  );
});

describe('the example workflows', () => {
  it('onboarding: Setup creates the session and the QR goes out by e-mail as a PNG attachment', async () => {
    const smtp = await startSmtp();
    try {
      await importJson(home, 'credentials', 'smtp.json', [
        {
          id: 'ihE2eSmtpCred001',
          name: 'SMTP e2e',
          type: 'smtp',
          data: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            disableStartTls: true,
            user: '',
            password: '',
          },
        },
      ]);
      const example = JSON.parse(await readFile(join(packageDir, 'examples', 'onboard-client.json'), 'utf8'));
      await importJson(home, 'workflow', 'onboard.json', retarget(example, 'ihE2eOnboard0001'));
      const result = await runN8n(home, ['execute', '--id=ihE2eOnboard0001', '--rawOutput']);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const run = parseRun(result.stdout);
      const [setup] = itemsOf(run, 'Set Up WhatsApp Session');
      expect(setup?.json).toMatchObject({ id: 2, sessionId: 'cliente_12345', status: 'pending' });
      expect(setup?.binary?.qr?.mimeType).toBe('image/png');
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]?.data ?? '';
      expect(smtp.mails[0]?.to.join()).toContain('client@example.com');
      expect(mail).toMatch(/Content-Type: image\/png/i);
      expect(mail).toContain('cliente_12345-qr.png');
      assertNoCanary(result.stdout + mail, 'the onboarding run');
    } finally {
      await smtp.stop();
    }
  }, 180_000);
});

describe('against the stateful sandbox, in a running n8n', () => {
  let sandbox: RunningSandbox;
  let sandboxGate: Gate;
  /** The resync test's CRM workflow talks through its own gate, to count its polls. */
  let crmGate: Gate;
  let crm: Crm;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    sandboxGate = await startGate(sandbox.url);
    crmGate = await startGate(sandbox.url);
    crm = await startCrmDatabase();
    await importJson(home, 'credentials', 'postgres-credentials.json', [
      {
        id: 'ihE2ePostgres001',
        name: 'CRM Postgres e2e',
        type: 'postgres',
        data: {
          host: '127.0.0.1',
          port: crm.port,
          database: crm.database,
          user: 'postgres',
          password: '',
          ssl: 'disable',
        },
      },
    ]);
    await importJson(home, 'credentials', 'sandbox-credentials.json', [
      {
        id: SANDBOX_CREDENTIAL_ID,
        name: 'Inbox Hub sandbox',
        type: 'inboxHubApi',
        data: { baseUrl: sandboxGate.url, ...sandbox.account },
      },
      // The CRM example talks to the sandbox directly, so the gate counts only the test trigger's polls.
      {
        id: 'ihE2eSandboxCrm1',
        name: 'Inbox Hub sandbox (CRM)',
        type: 'inboxHubApi',
        data: { baseUrl: sandbox.url, ...sandbox.account },
      },
      {
        id: 'ihE2eSandboxCrm2',
        name: 'Inbox Hub sandbox (CRM, counted)',
        type: 'inboxHubApi',
        data: { baseUrl: crmGate.url, ...sandbox.account },
      },
    ]);
  }, 120_000);

  afterAll(async () => {
    await crm?.stop();
    await crmGate?.stop();
    await sandboxGate?.stop();
    await sandbox?.close();
  });

  it('Setup returns a QR the phone scans; the trigger sets a baseline, fires each change once, samples in manual mode', async () => {
    // Onboard a client through n8n; the simulated phone then scans the PNG n8n produced.
    await importJson(home, 'workflow', 'sandbox-setup.json', sandboxSetupWorkflow());
    const setupRun = await runN8n(home, ['execute', '--id=ihE2eSbxSetup001', '--rawOutput']);
    expect(setupRun.code, `${setupRun.stdout}\n${setupRun.stderr}`).toBe(0);
    const [setup] = itemsOf(parseRun(setupRun.stdout), 'Setup');
    expect(setup?.json).toMatchObject({ sessionId: 'cliente_900001', status: 'pending', reused: false });
    const png = setup?.binary?.qr?.data ?? '';
    assertNoCanary(setupRun.stdout, 'the sandbox setup run');
    expect(setupRun.stdout).not.toContain(sandbox.account.apiKey);
    expect(setupRun.stdout).not.toContain(sandbox.account.password);

    await importJson(home, 'workflow', 'trigger.json', triggerWorkflow(`${sandboxGate.url}/__collect`));
    // The CRM status sync example, polling as fast as the test trigger, writing into the CRM database.
    const example = JSON.parse(await readFile(join(packageDir, 'examples', 'crm-status-sync.json'), 'utf8'));
    const crmSync = retarget(example, 'ihE2eCrmSync0001', 'ihE2eSandboxCrm1');
    crmSync.nodes[0].parameters.pollTimes = triggerWorkflow('').nodes[0]?.parameters.pollTimes;
    await importJson(home, 'workflow', 'crm.json', crmSync);
    for (const id of ['ihE2eTrigger0001', 'ihE2eCrmSync0001']) {
      const publish = await runN8n(home, ['publish:workflow', `--id=${id}`]);
      expect(publish.code, publish.stdout + publish.stderr).toBe(0);
    }

    const collected = sandboxGate.collected;
    const polls = () =>
      sandboxGate.requests.filter((r) => r.method === 'GET' && r.path === '/api/sessions').length;
    const before = polls();
    const port = await freePort();
    const n8n = await startN8n(home, port);
    try {
      // Baseline, then one more poll with nothing changed: nothing fires.
      await waitFor(() => polls() >= before + 2, 60_000, 'two polls');
      expect(collected).toEqual([]);

      // The phone scans the QR from n8n's binary output: exactly one item, pending → connected.
      const scan = sandbox.phone.scan({ qrCode: `data:image/png;base64,${png}` });
      expect(scan).toMatchObject({ sessionId: 'cliente_900001', status: 'connected' });
      await waitFor(() => collected.length >= 1, 60_000, 'the connect to reach the workflow');
      expect(collected[0]).toMatchObject({
        event: 'session.status_changed',
        sessionId: 'cliente_900001',
        oldStatus: 'pending',
        newStatus: 'connected',
        phoneNumber: '34600000001',
      });

      // A new session (null → pending) is outside the Statuses filter: it does not fire, now or later.
      const created = await fetch(`${sandbox.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': sandbox.account.apiKey },
        body: JSON.stringify({ sessionId: 'cliente_900002' }),
      });
      expect(created.status).toBe(201);
      const quiet = polls();
      await waitFor(() => polls() >= quiet + 2, 60_000, 'two more polls');
      expect(collected).toHaveLength(1);

      // Meanwhile the CRM example wrote both sessions into whatsapp_sessions (it watches every status).
      await waitForRow(crm, 'cliente_900001', 'connected');
      await waitForRow(crm, 'cliente_900002', 'pending');
      expect(await crm.row('cliente_900001')).toMatchObject({
        client_id: 900001,
        phone_number: '34600000001',
        status: 'connected',
      });

      // The phone logs out: one item, connected → disconnected.
      sandbox.phone.logout({ sessionId: 'cliente_900001' });
      await waitFor(() => collected.length >= 2, 60_000, 'the drop to reach the workflow');
      expect(collected[1]).toMatchObject({
        sessionId: 'cliente_900001',
        oldStatus: 'connected',
        newStatus: 'disconnected',
      });

      // Manual mode, as the editor's "Fetch Test Event" runs it: one sample item, and the active
      // trigger's state is untouched (nothing more fires afterwards).
      const owner = await ownerSession(port);
      await manualRun(port, owner, 'ihE2eTrigger0001', 'Inbox Hub Trigger');
      await waitFor(() => collected.length >= 3, 60_000, 'the manual run to post its sample');
      expect(collected[2]).toMatchObject({
        sample: true,
        event: 'session.status_changed',
        sessionId: 'cliente_900001',
      });
      const afterManual = polls();
      await waitFor(() => polls() >= afterManual + 2, 60_000, 'polls after the manual run');
      expect(collected).toHaveLength(3);

      // The credential test tells a wrong key from a wrong base URL.
      const test = (data: Record<string, string>) =>
        testCredential(port, owner, { ...sandbox.account, baseUrl: sandbox.url, ...data });
      expect(await test({})).toMatchObject({ status: 'OK' });
      expect(await test({ apiKey: 'ihk_wrong_key' })).toEqual({
        status: 'Error',
        message: expect.stringContaining('The API key was refused (HTTP 401)'),
      });
      expect(await test({ baseUrl: `${sandbox.url}/not-the-api` })).toEqual({
        status: 'Error',
        message: expect.stringContaining('Nothing answers GET /api/sessions at this base URL'),
      });
    } finally {
      await n8n.stop();
    }
    assertNoCanary(JSON.stringify(collected), 'the trigger items');
    expect(JSON.stringify(collected)).not.toContain(sandbox.account.apiKey);
  }, 300_000);

  it('the CRM example loses no change: a session outside the naming convention, a failed write repaired by the next resync, other rows unaffected', async () => {
    // The first test's CRM workflow stays in n8n's database; this test runs its own copy alone.
    for (const id of ['ihE2eCrmSync0001', 'ihE2eTrigger0001']) {
      const unpublish = await runN8n(home, ['unpublish:workflow', `--id=${id}`]);
      expect(unpublish.code, unpublish.stdout + unpublish.stderr).toBe(0);
    }
    // The CRM's database goes down for one session's row: every write of it fails, others go through.
    await crm.query(`
      CREATE TABLE crm_outage (session_id text PRIMARY KEY);
      CREATE FUNCTION crm_outage_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM crm_outage WHERE session_id = NEW.session_id) THEN
          RAISE EXCEPTION 'CRM outage for %', NEW.session_id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER crm_outage BEFORE INSERT OR UPDATE ON whatsapp_sessions
        FOR EACH ROW EXECUTE FUNCTION crm_outage_check();`);
    const api = (path: string, body?: unknown) =>
      fetch(`${sandbox.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': sandbox.account.apiKey },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect(
      (await api('/api/sessions', { sessionId: 'sucursal_madrid', phoneNumber: '34600000077' })).status,
    ).toBe(201);

    // The example as shipped, with a resync every 15 s instead of 15 min and the test's 5 s polls.
    const example = JSON.parse(await readFile(join(packageDir, 'examples', 'crm-status-sync.json'), 'utf8'));
    const workflow = retarget(example, 'ihE2eCrmSync0002', 'ihE2eSandboxCrm2');
    const trigger = workflow.nodes[0];
    expect(trigger.parameters.options.resyncMinutes).toBe(15);
    trigger.parameters.options.resyncMinutes = 0.25;
    trigger.parameters.pollTimes = triggerWorkflow('').nodes[0]?.parameters.pollTimes;
    await importJson(home, 'workflow', 'crm-resync.json', workflow);
    const publish = await runN8n(home, ['publish:workflow', '--id=ihE2eCrmSync0002']);
    expect(publish.code, publish.stdout + publish.stderr).toBe(0);

    const polls = () =>
      crmGate.requests.filter((r) => r.method === 'GET' && r.path === '/api/sessions').length;
    const port = await freePort();
    const n8n = await startN8n(home, port);
    try {
      // The first poll's resync writes every session, sucursal_madrid included, with no client.
      await waitForRow(crm, 'sucursal_madrid', 'pending');
      expect(await crm.row('sucursal_madrid')).toMatchObject({
        client_id: null,
        phone_number: '34600000077',
      });

      // The outage starts; then sucursal_madrid connects and a new client's session appears.
      await crm.query("INSERT INTO crm_outage VALUES ('sucursal_madrid')");
      expect((await api('/api/sessions/sucursal_madrid/connect')).status).toBe(200);
      sandbox.phone.scan({ sessionId: 'sucursal_madrid' });
      expect((await api('/api/sessions', { sessionId: 'cliente_900003' })).status).toBe(201);
      const seen = polls();
      await waitFor(() => polls() >= seen + 2, 60_000, 'two CRM polls after the change');
      // The change was seen and its write failed; the other session's row went in regardless (a client
      // this CRM does not know: no client_id).
      expect(await crm.row('sucursal_madrid')).toMatchObject({ status: 'pending' });
      await waitForRow(crm, 'cliente_900003', 'pending');
      expect(await crm.row('cliente_900003')).toMatchObject({ client_id: null });

      // The outage ends. No new event for sucursal_madrid will come (its change was already seen), but
      // the next resync writes its current state.
      await crm.query('DELETE FROM crm_outage');
      await waitForRow(crm, 'sucursal_madrid', 'connected');
      expect(await crm.row('sucursal_madrid')).toMatchObject({
        client_id: null,
        status: 'connected',
        phone_number: '34600000077',
      });
    } finally {
      await n8n.stop();
    }
  }, 300_000);
});

/** An example workflow with its nodes pointed at the custom-extension types and the e2e credential. */
// biome-ignore lint/suspicious/noExplicitAny: imported workflow JSON, edited in place by the tests.
function retarget(example: unknown, id: string, inboxHubCredential = 'ihE2eCredential01'): any {
  const text = JSON.stringify(example)
    .replaceAll('"n8n-nodes-inbox-hub.inboxHubTrigger"', JSON.stringify(TRIGGER))
    .replaceAll('"n8n-nodes-inbox-hub.inboxHub"', JSON.stringify(NODE));
  const workflow = JSON.parse(text);
  for (const node of workflow.nodes) {
    if (node.credentials?.inboxHubApi)
      node.credentials.inboxHubApi = { id: inboxHubCredential, name: 'Inbox Hub' };
    if (node.credentials?.postgres)
      node.credentials.postgres = { id: 'ihE2ePostgres001', name: 'CRM Postgres e2e' };
    if (node.credentials?.smtp) node.credentials.smtp = { id: 'ihE2eSmtpCred001', name: 'SMTP e2e' };
  }
  return { ...workflow, id, active: false };
}

interface Owner {
  headers: Record<string, string>;
}

/** Sets up n8n's owner account over the REST API and returns the headers of that session. */
async function ownerSession(port: number): Promise<Owner> {
  const headers = { 'content-type': 'application/json', 'browser-id': 'inbox-hub-e2e' };
  const setup = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      email: 'owner@example.com',
      firstName: 'E2e',
      lastName: 'Owner',
      password: 'E2e-owner-pass1',
    }),
  });
  expect(setup.status, await setup.clone().text()).toBe(200);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { headers: { ...headers, cookie } };
}

/** Runs a workflow from its trigger the way the editor does. */
async function manualRun(port: number, owner: Owner, workflowId: string, trigger: string): Promise<void> {
  const run = await fetch(`http://127.0.0.1:${port}/rest/workflows/${workflowId}/run`, {
    method: 'POST',
    headers: owner.headers,
    body: JSON.stringify({ triggerToStartFrom: { name: trigger } }),
  });
  expect(run.status, await run.clone().text()).toBe(200);
}

/** The editor's credential "Test" button, with the given credential data. */
async function testCredential(port: number, owner: Owner, data: Record<string, string>): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/rest/credentials/test`, {
    method: 'POST',
    headers: owner.headers,
    body: JSON.stringify({
      credentials: { id: SANDBOX_CREDENTIAL_ID, name: 'Inbox Hub sandbox', type: 'inboxHubApi', data },
    }),
  });
  const body = (await response.json()) as { data?: unknown };
  return body.data ?? body;
}

interface Crm {
  port: number;
  database: string;
  query(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  row(sessionId: string): Promise<Record<string, unknown> | undefined>;
  stop(): Promise<void>;
}

/**
 * The CRM's database: a real PostgreSQL (Debian's package, started by the test as an unprivileged user on
 * a loopback port), with the example's SQL run on an empty database, as a user would.
 */
async function startCrmDatabase(): Promise<Crm> {
  const server: RunningPostgres = await startPostgres();
  const database = 'crm';
  const url = await server.createDatabase(database);
  const db = new pg.Client({ connectionString: url });
  try {
    await db.connect();
    await db.query(await readFile(join(packageDir, 'examples', 'whatsapp_sessions.postgres.sql'), 'utf8'));
    await db.query("INSERT INTO clients (id, name) VALUES (900001, 'Empresa e2e'), (900002, 'Otra e2e')");
  } catch (error) {
    await db.end().catch(() => {});
    await server.stop();
    throw error;
  }
  const query = async (text: string, values: unknown[] = []) => (await db.query(text, values)).rows;
  return {
    port: server.port,
    database,
    query,
    async row(sessionId) {
      return (await query('SELECT * FROM whatsapp_sessions WHERE session_id = $1', [sessionId]))[0];
    },
    async stop() {
      await db.end().catch(() => {});
      await server.stop();
    },
  };
}

async function waitForRow(crm: Crm, sessionId: string, status: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const row = await crm.row(sessionId);
    if (row?.status === status) return;
    if (Date.now() - started > 60_000) {
      throw new Error(
        `whatsapp_sessions never showed ${sessionId} as ${status}; last row: ${JSON.stringify(row)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
