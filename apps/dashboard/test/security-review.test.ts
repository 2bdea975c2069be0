/**
 * Attacks from the security review (issue #11) on the dashboard and its customer links: a link used again
 * after its session connected (#11.3), an event stream outliving sign-out (#11.6), look-ups with prototype
 * keys (#11.8), and a sign-in lockout an attacker could impose on the operator (#11.11).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityLog } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReader, readEvents, signInHttp } from './support/http.js';
import { API_TOKEN, OPERATOR, type Stack, startStack } from './support/stack.js';

const security = securityLog('dashboard', 'review');
afterAll(() => security.write());

/** Makes a customer link through the API, as the MCP server or n8n would. */
async function makeLink(stack: Stack, sessionId: string): Promise<string> {
  const response = await fetch(`${stack.url}/api/connect-links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

/** Waits until `check` holds, checking after each of the dashboard's polls. */
async function eventually(stack: Stack, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await stack.dashboard.poller.refresh();
  }
  throw new Error('the condition never held');
}

describe("#11.3 a customer link is spent on its session's first connection, however it is seen", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('#11.3 spent when the session connects with no link page open; refused after a disconnect; still after a restart', () =>
    security.check(
      '#11.3',
      'a customer link opened again after its session connected (unseen by any link page) and then disconnected',
      'the link is spent on the first connection whoever observes it; it shows the "used" page, no QR, across restarts',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'dashboard-store-'));
        dirs.push(dir);
        const file = join(dir, 'dashboard.sqlite');
        const stack = await startStack({ store: file });
        try {
          // Link ids, sign-outs and the last snapshot (QR images) are this user's alone.
          expect(statSync(file).mode & 0o777).toBe(0o600);
          await stack.seed('cliente_link1');
          const url = await makeLink(stack, 'cliente_link1');
          // Connected without anyone opening the link: the phone scans in the sandbox.
          await stack.hub.sessions.connect('cliente_link1');
          stack.sandbox.phone.scan({ sessionId: 'cliente_link1' });
          // The dashboard watches while a link is live: the spend happens on its own poll. (Waiting on the
          // store, not on the link page: opening the page would itself see the connection.)
          await eventually(
            stack,
            async () =>
              (await stack.dashboard.store.liveLinkSessions(stack.sandbox.clock?.now() ?? 0)).length === 0,
          );
          expect((await fetch(url)).status).toBe(410);
          // Then the phone logs out, and someone opens the link: nothing to scan.
          stack.sandbox.phone.logout({ sessionId: 'cliente_link1' });
          await stack.dashboard.poller.refresh();
          const reopened = await fetch(url);
          expect(reopened.status).toBe(410);
          const page = await reopened.text();
          expect(page).not.toContain('<img');
          expect(page).not.toContain('restart');
          expect((await fetch(`${url}/events`)).status).toBe(410);
          const restart = await fetch(`${url}/restart`, { method: 'POST', redirect: 'manual' });
          expect(restart.status).toBe(410);
          await stack.close();
          // A dashboard started again on the same store still refuses it.
          const again = await startStack({ store: file });
          try {
            const path = new URL(url).pathname;
            expect((await fetch(`${again.url}${path}`)).status).toBe(410);
          } finally {
            await again.close();
          }
        } catch (error) {
          await stack.close().catch(() => undefined);
          throw error;
        }
      },
    ));

  it('#11.3 an unused link that expires ends the watch it started, though no snapshot says so', async () => {
    const stack = await startStack({ linkTtlMs: 60_000, linkRecheckMs: 50 });
    try {
      await stack.seed('cliente_link3');
      await makeLink(stack, 'cliente_link3');
      // The live link keeps the shared poll running with nobody on a page.
      await expect.poll(() => stack.dashboard.poller.listenerCount, { timeout: 5_000 }).toBe(1);
      stack.sandbox.clock?.advance(61_000);
      await expect.poll(() => stack.dashboard.poller.listenerCount, { timeout: 5_000 }).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('#11.3 spent when the connect-link API sees the session connected', async () => {
    const stack = await startStack();
    try {
      await stack.seed('cliente_link2');
      const url = await makeLink(stack, 'cliente_link2');
      await stack.dashboard.poller.close(); // nobody polls: only the API call can see the connection
      await stack.hub.sessions.connect('cliente_link2');
      stack.sandbox.phone.scan({ sessionId: 'cliente_link2' });
      const again = await fetch(`${stack.url}/api/connect-links`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionId: 'cliente_link2' }),
      });
      expect(again.status).toBe(409);
      stack.sandbox.phone.logout({ sessionId: 'cliente_link2' });
      expect((await fetch(url)).status).toBe(410);
    } finally {
      await stack.close();
    }
  });
});

describe('the operator pages', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await stack.seed('cliente_001', { name: 'Empresa ABC' });
  });
  afterAll(() => stack?.close());

  it('#11.6 signing out ends an open event stream at once', () =>
    security.check(
      '#11.6',
      'an /events stream opened before sign-out keeps reading',
      'sign-out ends every stream of that sign-in; the cookie cannot open a new one',
      async () => {
        const { cookie, csrf } = await signInHttp(stack.url);
        const events = await fetch(`${stack.url}/events`, { headers: { Cookie: cookie } });
        expect(events.status).toBe(200);
        const reader = eventReader(events);
        await readEvents(reader, (e) => e.event === 'snapshot', true);
        const out = await fetch(`${stack.url}/logout`, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: stack.url, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf }),
          redirect: 'manual',
        });
        expect(out.status).toBe(303);
        // The stream ends: reading runs to its end (no more snapshots come, even as sessions change).
        await stack.seed('cliente_after_logout', { name: 'After' });
        const after = await readEvents(reader, () => false);
        expect(after.map((e) => e.data).join('')).not.toContain('cliente_after_logout');
        expect((await fetch(`${stack.url}/events`, { headers: { Cookie: cookie } })).status).toBe(401);
      },
    ));

  it('#11.8 prototype keys in Accept-Language and ?notice give a page, never a 500', () =>
    security.check(
      '#11.8',
      'Accept-Language: __proto__ / constructor / toString …, and ?notice=toString, on every page',
      'look-ups use own keys only: the pages answer in English with no notice',
      async () => {
        const { cookie } = await signInHttp(stack.url);
        const keys = [
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          '__defineGetter__',
          'valueOf',
        ];
        const paths = [
          '/',
          '/login',
          '/connect/not-a-token',
          '/no-such-page',
          '/?notice=created&sid=cliente_001',
        ];
        for (const key of keys) {
          for (const path of [...paths, `/?notice=${key}&sid=cliente_001`]) {
            const response = await fetch(`${stack.url}${path}`, {
              headers: { Cookie: cookie, 'Accept-Language': `${key}, ${key};q=0.9` },
              redirect: 'manual',
            });
            expect(response.status, `${key} ${path}`).toBeLessThan(500);
          }
        }
        const page = await (
          await fetch(`${stack.url}/?notice=toString&sid=cliente_001`, {
            headers: { Cookie: cookie, 'Accept-Language': '__proto__' },
          })
        ).text();
        expect(page).toContain('lang="en"');
      },
    ));
});

describe('#11.11 sign-in throttling', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  async function attempt(user: string, password: string, address: string) {
    const form = await fetch(`${stack.url}/login`);
    const cookie = form.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    return fetch(`${stack.url}/login`, {
      method: 'POST',
      headers: {
        Cookie: cookie,
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': address,
      },
      body: new URLSearchParams({ user, password, csrf }),
      redirect: 'manual',
    });
  }

  it("#11.11 an attacker sharing the operator's address cannot lock the operator out", () =>
    security.check(
      '#11.11',
      "20 wrong passwords from the operator's address, under other user names and under the operator's",
      "failures under other names do not slow the operator; under the operator's name, waits grow to at most 30 s, then the right password works",
      async () => {
        const office = '127.0.0.1';
        for (let i = 0; i < 20; i++) expect((await attempt(`guess${i}`, 'wrong', office)).status).toBe(401);
        expect((await attempt(OPERATOR.user, OPERATOR.password, office)).status).toBe(303);
        let throttled: Response | undefined;
        for (let i = 0; i < 20; i++) {
          const response = await attempt(OPERATOR.user, 'wrong', office);
          if (response.status === 429) {
            throttled = response;
            break;
          }
          expect(response.status).toBe(401);
        }
        expect(throttled?.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await throttled?.text()).toContain('Too many failed attempts. Wait');
        // Even at the longest wait, 30 s later the right password gets in.
        stack.clock.advance(30_001);
        expect((await attempt(OPERATOR.user, OPERATOR.password, office)).status).toBe(303);
      },
    ));
});
