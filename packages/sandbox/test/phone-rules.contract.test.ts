import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndConnect, type Harness, startHarness } from './harness.js';

describe("the simulated phone enforces the guide's rules", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('flags a scan by a number other than the expected one, and shows the number that connected', async () => {
    const id = await createAndConnect(h, 'expects_a', '34611111111');
    const result = h.sandbox.phone.scan({ sessionId: 'expects_a' }, { phoneNumber: '34622222222' });
    expect(result.flags).toEqual(['PHONE_NUMBER_MISMATCH']);
    const status = await h.api(`/api/sessions/${id}/status`);
    expect(status.body.data).toMatchObject({ status: 'connected', phoneNumber: '34622222222' });
    const control = await h.direct('/sandbox/sessions');
    const view = control.body.data.sessions.find((s: { sessionId: string }) => s.sessionId === 'expects_a');
    expect(view).toMatchObject({ expectedPhoneNumber: '34611111111', flags: ['PHONE_NUMBER_MISMATCH'] });
  });

  it('refuses the mismatch when asked to, leaving the QR usable', async () => {
    await createAndConnect(h, 'strict', '34633333333');
    expect(() =>
      h.sandbox.phone.scan({ sessionId: 'strict' }, { phoneNumber: '34644444444', onMismatch: 'reject' }),
    ).toThrow(expect.objectContaining({ code: 'PHONE_NUMBER_MISMATCH', status: 409 }));
    expect(h.sandbox.phone.scan({ sessionId: 'strict' }).phoneNumber).toBe('34633333333');
  });

  it('keeps a number in one session only', async () => {
    await createAndConnect(h, 'second_for_a');
    expect(() => h.sandbox.phone.scan({ sessionId: 'second_for_a' }, { phoneNumber: '34622222222' })).toThrow(
      expect.objectContaining({ code: 'PHONE_NUMBER_IN_USE', status: 409 }),
    );
    const status = (await h.api('/api/sessions')).body.data.sessions.find(
      (s: { sessionId: string }) => s.sessionId === 'second_for_a',
    );
    expect(status.status).toBe('pending');
  });

  it('refuses a payload it never issued', () => {
    expect(() => h.sandbox.phone.scan({ payload: 'ihsbx:not-a-real-one' })).toThrow(
      expect.objectContaining({ code: 'QR_UNKNOWN', status: 404 }),
    );
  });

  it('disconnects the sessions of a phone that logs out', async () => {
    const id = (await h.api('/api/sessions')).body.data.sessions.find(
      (s: { sessionId: string }) => s.sessionId === 'strict',
    ).id as number;
    expect(h.sandbox.phone.logout({ phoneNumber: '34633333333' })).toEqual(['strict']);
    const status = await h.api(`/api/sessions/${id}/status`);
    expect(status.body.data).toMatchObject({ status: 'disconnected', isConnected: false });
    expect(() => h.sandbox.phone.logout({ sessionId: 'strict' })).toThrow(
      expect.objectContaining({ code: 'NOT_CONNECTED' }),
    );
  });

  it('shows the expected number again once the mismatched phone is gone, and frees the other number', async () => {
    await h.api('/api/sessions/expects_a/disconnect', { method: 'POST' });
    const list = (await h.api('/api/sessions')).body.data.sessions;
    expect(list.find((s: { sessionId: string }) => s.sessionId === 'expects_a').phoneNumber).toBe(
      '34611111111',
    );
    // 34622222222 is no longer connected anywhere, so another session may now take it.
    expect(h.sandbox.phone.scan({ sessionId: 'second_for_a' }, { phoneNumber: '34622222222' }).status).toBe(
      'connected',
    );
  });
});

describe('the /sandbox control routes over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h?.assertNoViolations();
    await h?.close();
  });

  it('answers /sandbox/health', async () => {
    const res = await h.direct('/sandbox/health', { apiKey: null });
    expect(res.body).toMatchObject({ success: true, data: { status: 'ok' } });
  });

  it('scans by image (decoded like a camera), by payload and by session name', async () => {
    await createAndConnect(h, 'by_image', '34655555551');
    const image = (await h.api('/api/sessions/by_image/qr')).body.data.qrCode;
    const byImage = await h.direct('/sandbox/phone/scan', { apiKey: null, body: { image } });
    expect(byImage.status).toBe(200);
    expect(byImage.body.data).toMatchObject({
      sessionId: 'by_image',
      status: 'connected',
      phoneNumber: '34655555551',
    });

    await createAndConnect(h, 'by_payload');
    const control = await h.direct('/sandbox/sessions');
    const payload = control.body.data.sessions.find(
      (s: { sessionId: string }) => s.sessionId === 'by_payload',
    ).qr.payload;
    const byPayload = await h.direct('/sandbox/phone/scan', {
      apiKey: null,
      body: { payload, phoneNumber: '34655555552' },
    });
    expect(byPayload.body.data).toMatchObject({
      sessionId: 'by_payload',
      phoneNumber: '34655555552',
      flags: [],
    });

    await createAndConnect(h, 'by_name');
    const byName = await h.direct('/sandbox/phone/scan', { body: { sessionId: 'by_name' } });
    expect(byName.body.data.status).toBe('connected');
  });

  it('answers the rule violations with their codes', async () => {
    const reused = await h.direct('/sandbox/phone/scan', { body: { sessionId: 'by_name' } });
    expect(reused.status).toBe(404); // connected: no QR to scan
    expect(reused.body.code).toBe('QR_NOT_AVAILABLE');
    const unreadable = await h.direct('/sandbox/phone/scan', { apiKey: null, body: { image: 'aGVsbG8=' } });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.code).toBe('QR_UNREADABLE');
    const noKey = await h.direct('/sandbox/phone/scan', { apiKey: null, body: { sessionId: 'by_name' } });
    expect(noKey.status).toBe(401);
    const empty = await h.direct('/sandbox/phone/scan', { apiKey: null, body: {} });
    expect(empty.status).toBe(422);
  });

  it('logs a phone out by number or by session', async () => {
    const byNumber = await h.direct('/sandbox/phone/logout', { body: { phoneNumber: '34655555551' } });
    expect(byNumber.body.data).toEqual({
      sessions: [{ sessionId: 'by_image', status: 'disconnected' }],
      count: 1,
    });
    const bySession = await h.direct('/sandbox/phone/logout', { body: { sessionId: 'by_payload' } });
    expect(bySession.body.data.count).toBe(1);
    const list = await h.api('/api/sessions');
    const statuses = Object.fromEntries(
      list.body.data.sessions.map((s: { sessionId: string; status: string }) => [s.sessionId, s.status]),
    );
    expect(statuses).toEqual({ by_image: 'disconnected', by_payload: 'disconnected', by_name: 'connected' });
  });
});
