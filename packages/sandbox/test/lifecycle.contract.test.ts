import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrImage } from '../src/index.js';
import { type Harness, startHarness } from './harness.js';

describe('session lifecycle through Prism', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('creates a pending session with the guide defaults and no QR', async () => {
    const res = await h.api('/api/sessions', {
      body: { sessionId: 'cliente_12345', phoneNumber: '34612345678' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    expect(res.body).toMatchObject({
      success: true,
      data: {
        sessionId: 'cliente_12345',
        name: 'Sesión cliente_12345',
        description: 'Sesión WhatsApp para cliente_12345',
        phoneNumber: '34612345678',
        status: 'pending',
        qrCode: null,
        lastActivity: null,
        createdAt: new Date(h.clock.now()).toISOString(),
      },
    });
    expect(res.body.data.id).toBeGreaterThanOrEqual(1);
  });

  it('lists it, with total, and gives it no QR before /connect', async () => {
    const list = await h.api('/api/sessions');
    expect(list.status).toBe(200);
    expect(list.body.data.total).toBe(1);
    expect(list.body.data.sessions[0]).toMatchObject({ sessionId: 'cliente_12345', qrCode: null });
    const qr = await h.api('/api/sessions/cliente_12345/qr');
    expect(qr.status).toBe(404);
    expect(qr.body).toMatchObject({ success: false, code: 'QR_NOT_AVAILABLE' });
  });

  it('connects, serving a real QR: a data URL on /qr, the same PNG as raw base64 in the list', async () => {
    const connect = await h.api('/api/sessions/cliente_12345/connect', { method: 'POST' });
    expect(connect.body).toMatchObject({
      success: true,
      data: { sessionId: 'cliente_12345', status: 'pending' },
    });

    const qr = await h.api('/api/sessions/cliente_12345/qr');
    expect(qr.status).toBe(200);
    expect(qr.body.data.qrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(qr.body.data.expiresAt).toBe(new Date(h.clock.now() + 60_000).toISOString());
    expect(qr.body.data.status).toBe('pending');
    expect(decodeQrImage(qr.body.data.qrCode)).toMatch(/^ihsbx:/);

    const list = await h.api('/api/sessions');
    const raw = list.body.data.sessions[0].qrCode as string;
    expect(raw).not.toMatch(/^data:/);
    expect(`data:image/png;base64,${raw}`).toBe(qr.body.data.qrCode);
  });

  it('reports the status by numeric id, then connected once the phone scans the image', async () => {
    const id = (await h.api('/api/sessions')).body.data.sessions[0].id as number;
    const before = await h.api(`/api/sessions/${id}/status`);
    expect(before.body.data).toMatchObject({ id, status: 'pending', isConnected: false, hasQR: true });

    const qr = await h.api('/api/sessions/cliente_12345/qr');
    h.clock.advance(5_000);
    const scan = h.sandbox.phone.scan({ qrCode: qr.body.data.qrCode });
    expect(scan).toMatchObject({ sessionId: 'cliente_12345', phoneNumber: '34612345678', flags: [] });

    const after = await h.api(`/api/sessions/${id}/status`);
    expect(after.body.data).toMatchObject({
      id,
      sessionId: 'cliente_12345',
      status: 'connected',
      phoneNumber: '34612345678',
      isConnected: true,
      hasQR: false,
      lastActivity: new Date(h.clock.now()).toISOString(),
    });
    const noQr = await h.api('/api/sessions/cliente_12345/qr');
    expect(noQr.status).toBe(404);
    expect(noQr.body.code).toBe('QR_NOT_AVAILABLE');
  });

  it('leaves a connected session alone on /connect, and disconnects it on /disconnect', async () => {
    const again = await h.api('/api/sessions/cliente_12345/connect', { method: 'POST' });
    expect(again.body.data.status).toBe('connected');
    const off = await h.api('/api/sessions/cliente_12345/disconnect', { method: 'POST' });
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({ sessionId: 'cliente_12345', status: 'disconnected' });
    const twice = await h.api('/api/sessions/cliente_12345/disconnect', { method: 'POST' });
    expect(twice.body.data.status).toBe('disconnected');
  });

  it('reconnects a disconnected session with a new QR', async () => {
    const connect = await h.api('/api/sessions/cliente_12345/connect', { method: 'POST' });
    expect(connect.body.data.status).toBe('pending');
    const qr = await h.api('/api/sessions/cliente_12345/qr');
    expect(qr.status).toBe(200);
    expect(h.sandbox.phone.scan({ qrCode: qr.body.data.qrCode }).status).toBe('connected');
  });

  it('allows browser pages (the guide dashboard) to call the API, exposing X-Request-Id', async () => {
    const preflight = await fetch(`${h.sandbox.url}/api/sessions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://crm.example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i);
    const res = await h.api('/api/sessions', { headers: { Origin: 'http://crm.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i);
  });

  it('applies the defaults and accepts a null phone number', async () => {
    const res = await h.api('/api/sessions', {
      body: {
        sessionId: 'sucursal_madrid',
        phoneNumber: null,
        name: 'WhatsApp Sucursal Madrid',
        description: '',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      phoneNumber: null,
      name: 'WhatsApp Sucursal Madrid',
      description: '',
    });
  });
});

describe('login and bearer tokens through Prism', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: [
        { apiKey: 'ihk_test_tenant_a_0001', email: 'a@example.com', password: 'password-a' },
        { apiKey: 'ihk_test_tenant_b_0002', email: 'b@example.com', password: 'password-b' },
      ],
    });
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  const login = (identifier: string, password: string) =>
    h.api('/api/auth/login', { apiKey: null, body: { identifier, password } });

  it('issues an HS256 JWT that expires in 24 hours', async () => {
    const res = await login('a@example.com', 'password-a');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ tokenType: 'Bearer', expiresIn: 86_400 });
    const token = res.body.data.accessToken as string;
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const claims = decodeJwt(token);
    expect(claims.exp).toBe(Math.floor(h.clock.now() / 1000) + 86_400);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(86_400);
  });

  it('refuses a wrong password or an unknown e-mail with INVALID_CREDENTIALS', async () => {
    for (const [id, pw] of [
      ['a@example.com', 'password-b'],
      ['nobody@example.com', 'password-a'],
    ] as const) {
      const res = await login(id, pw);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, code: 'INVALID_CREDENTIALS' });
    }
  });

  it('accepts a valid bearer on create, and refuses a forged, foreign or expired one', async () => {
    const token = (await login('a@example.com', 'password-a')).body.data.accessToken as string;
    const create = (sessionId: string, bearer: string, apiKey = 'ihk_test_tenant_a_0001') =>
      h.api('/api/sessions', { apiKey, body: { sessionId }, headers: { Authorization: `Bearer ${bearer}` } });

    expect((await create('with_token', token)).status).toBe(201);

    const [head, payload] = token.split('.');
    const forged = await create('forged', `${head}.${payload}.c2lnbmF0dXJl`);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');

    const foreign = await create('foreign', token, 'ihk_test_tenant_b_0002');
    expect(foreign.status).toBe(401);
    expect(foreign.body.code).toBe('INVALID_TOKEN');

    h.clock.advance(86_400_000 + 1_000);
    const expired = await create('expired', token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ success: false, code: 'TOKEN_EXPIRED' });
    // Without the token the key alone still works, as in the guide's manager class.
    expect(
      (await h.api('/api/sessions', { apiKey: 'ihk_test_tenant_a_0001', body: { sessionId: 'no_token' } }))
        .status,
    ).toBe(201);
  });
});
