import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Signer } from '../src/auth/signer.js';
import { ConnectLinks } from '../src/links/connect-links.js';
import { SpentLinks } from '../src/links/spent-links.js';

describe('ConnectLinks', () => {
  let now = 1_000_000;
  const dirs: string[] = [];
  const make = (secret = 's'.repeat(32), file?: string) =>
    new ConnectLinks({
      signer: new Signer(secret),
      spent: new SpentLinks(file),
      now: () => now,
      ttlMs: 3_600_000,
    });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts its own link for its one session until it expires', () => {
    const links = make();
    const { token } = links.create('cliente_001');
    const check = links.check(token);
    expect(check).toMatchObject({ ok: true, link: { sessionId: 'cliente_001', expiresAt: now + 3_600_000 } });
    now += 3_600_000;
    expect(links.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed payload, a changed signature and another secret', () => {
    const links = make();
    const { token } = links.create('cliente_001');
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const rebound = Buffer.from(JSON.stringify({ ...claims, s: 'cliente_002' })).toString('base64url');
    const extended = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 1e9 })).toString('base64url');
    expect(links.check(`${rebound}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(`${extended}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    const otherMac = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(links.check(`${payload}.${otherMac}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(`${payload}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(undefined)).toEqual({ ok: false, reason: 'invalid' });
    expect(make('t'.repeat(32)).check(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps a spent link spent across a restart when given a state file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-links-'));
    dirs.push(dir);
    const file = join(dir, 'spent.txt');
    const first = make('s'.repeat(32), file);
    const { token, link } = first.create('cliente_001');
    first.spend(link);
    expect(first.check(token)).toEqual({ ok: false, reason: 'spent' });
    expect(make('s'.repeat(32), file).check(token)).toEqual({ ok: false, reason: 'spent' });
    expect(make('s'.repeat(32)).check(token).ok).toBe(true);
  });

  it('ties the link page CSRF token to the link', () => {
    const links = make();
    const a = links.create('cliente_001').link;
    const b = links.create('cliente_001').link;
    expect(links.checkCsrf(a, links.csrfToken(a))).toBe(true);
    expect(links.checkCsrf(a, links.csrfToken(b))).toBe(false);
    expect(links.checkCsrf(a, undefined)).toBe(false);
  });
});
