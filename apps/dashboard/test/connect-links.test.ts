import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Signer } from '../src/auth/signer.js';
import { ConnectLinks } from '../src/links/connect-links.js';
import { sqliteStore } from '../src/store/sqlite-store.js';

describe('ConnectLinks', () => {
  let now = 1_000_000;
  const dirs: string[] = [];
  const make = (secret = 's'.repeat(32), file = ':memory:') =>
    new ConnectLinks({
      signer: new Signer(secret),
      store: sqliteStore(file),
      now: () => now,
      ttlMs: 3_600_000,
    });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts its own link for its one session until it expires', async () => {
    const links = make();
    const { token } = await links.create('cliente_001');
    const check = await links.check(token);
    expect(check).toMatchObject({ ok: true, link: { sessionId: 'cliente_001', expiresAt: now + 3_600_000 } });
    now += 3_600_000;
    expect(await links.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed payload, a changed signature and another secret', async () => {
    const links = make();
    const { token } = await links.create('cliente_001');
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const rebound = Buffer.from(JSON.stringify({ ...claims, s: 'cliente_002' })).toString('base64url');
    const extended = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 1e9 })).toString('base64url');
    expect(await links.check(`${rebound}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.check(`${extended}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    const otherMac = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(await links.check(`${payload}.${otherMac}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.check(`${payload}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.check(undefined)).toEqual({ ok: false, reason: 'invalid' });
    expect(await make('t'.repeat(32)).check(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps a spent link spent across a restart on the same store file, and spends every link of the session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-links-'));
    dirs.push(dir);
    const file = join(dir, 'dashboard.sqlite');
    const first = make('s'.repeat(32), file);
    const a = await first.create('cliente_001');
    const b = await first.create('cliente_001');
    const other = await first.create('cliente_002');
    now += 1;
    expect(await first.spendSession('cliente_001')).toBe(2);
    expect(await first.check(a.token)).toEqual({ ok: false, reason: 'spent' });
    expect(await first.check(b.token)).toEqual({ ok: false, reason: 'spent' });
    expect((await first.check(other.token)).ok).toBe(true);
    const restarted = make('s'.repeat(32), file);
    expect(await restarted.check(a.token)).toEqual({ ok: false, reason: 'spent' });
    // A link made after the connection is not spent by it.
    now += 1;
    const later = await restarted.create('cliente_001');
    expect((await restarted.check(later.token)).ok).toBe(true);
  });

  it('ties the link page CSRF token to the link', async () => {
    const links = make();
    const a = (await links.create('cliente_001')).link;
    const b = (await links.create('cliente_001')).link;
    expect(links.checkCsrf(a, links.csrfToken(a))).toBe(true);
    expect(links.checkCsrf(a, links.csrfToken(b))).toBe(false);
    expect(links.checkCsrf(a, undefined)).toBe(false);
  });
});
