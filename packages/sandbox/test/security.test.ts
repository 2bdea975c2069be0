/**
 * Attacks from the security review (issue #11) on the sandbox, which any web page on the machine can reach:
 * a PNG decompression bomb and huge bodies (#11.5), cross-site simple requests to the phone routes, a
 * phone logout aimed at another account, and login identifiers that would grow the rate limiter forever
 * (#11.9).
 */
import { request } from 'node:http';
import { deflateSync } from 'node:zlib';
import { securityLog } from '@inbox-hub/contract-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TRACKED_KEYS, RateLimiter } from '../src/http/rate-limiter.js';
import { createManualClock, type RunningSandbox, startSandbox } from '../src/index.js';

const security = securityLog('sandbox', 'attacks');
afterAll(() => security.write());

const KEY_A = 'ihk_sandbox_tenant_a_0123456789';
const KEY_B = 'ihk_sandbox_tenant_b_0123456789';
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, tenants: [{ apiKey: KEY_A }, { apiKey: KEY_B }] });
});
afterAll(() => sandbox?.close());

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

/** The sandbox still answers at once: nothing is stuck decoding or parsing. */
async function responsive(): Promise<void> {
  const health = await fetch(`${sandbox.url}/sandbox/health`, { signal: AbortSignal.timeout(2_000) });
  expect(health.status).toBe(200);
}

/**
 * A valid PNG of `side`×`side` grayscale pixels, all black: tiny compressed, huge decoded. `decoy` puts a
 * harmless 1×1 header first (decoders use the last one); `interlaced` sets Adam7.
 */
function bomb(side: number, options: { decoy?: boolean; interlaced?: boolean } = {}): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // grayscale
  if (options.interlaced) ihdr.writeUInt8(1, 12);
  const decoy = Buffer.from(ihdr);
  decoy.writeUInt32BE(1, 0);
  decoy.writeUInt32BE(1, 4);
  const raw = Buffer.alloc(side * (side + 1)); // filter byte + pixels per row, all zero
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...(options.decoy ? [chunk('IHDR', decoy)] : []),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('#11.5 the sandbox cannot be frozen from a web page', () => {
  it('#11.5 a PNG decompression bomb is refused from its header, before decoding', () =>
    security.check(
      '#11.5',
      'POST /sandbox/phone/scan with a small PNG that declares 8000×8000 pixels (64 M, about 250 MB decoded)',
      '413 IMAGE_TOO_LARGE from the PNG header, nothing decoded, the server stays responsive',
      async () => {
        const png = bomb(8000);
        expect(png.length).toBeLessThan(200_000);
        const response = await post('/sandbox/phone/scan', JSON.stringify({ image: png.toString('base64') }));
        expect(response.status).toBe(413);
        expect(((await response.json()) as { code: string }).code).toBe('IMAGE_TOO_LARGE');
        await responsive();
      },
    ));

  it('#11.5 a bomb behind a harmless first header, or an interlaced one, is refused the same way', () =>
    security.check(
      '#11.5',
      'a PNG whose first header says 1×1 and a second one 8000×8000 (the decoder uses the last), and an interlaced PNG (inflated without a cap)',
      '413 IMAGE_TOO_LARGE: every header is read and interlaced images are refused, before decoding',
      async () => {
        for (const png of [bomb(8000, { decoy: true }), bomb(64, { interlaced: true })]) {
          const response = await post(
            '/sandbox/phone/scan',
            JSON.stringify({ image: png.toString('base64') }),
          );
          expect(response.status).toBe(413);
          expect(((await response.json()) as { code: string }).code).toBe('IMAGE_TOO_LARGE');
          // The in-process phone reads images through the same check.
          expect(() => sandbox.phone.scan({ qrCode: png.toString('base64') })).toThrow(
            expect.objectContaining({ status: 413, code: 'IMAGE_TOO_LARGE' }),
          );
        }
        await responsive();
      },
    ));

  it('#11.5 a 100 MB body is answered 413 before it is parsed, declared or streamed', () =>
    security.check(
      '#11.5',
      'a 100 MB JSON body to the API and to the phone, with Content-Length and chunked',
      '413 PAYLOAD_TOO_LARGE after at most the limit is read; the server stays responsive',
      async () => {
        const declared = await fetch(`${sandbox.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(1024));
            },
          }),
          duplex: 'half',
        } as RequestInit).catch((error: unknown) => error);
        // Either the 413 arrives, or the server closes the connection as soon as it has refused.
        if (declared instanceof Response) expect(declared.status).toBe(413);
        const streamed = await new Promise<number>((resolve, reject) => {
          const req = request(`${sandbox.url}/sandbox/phone/scan`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          });
          req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
          const chunk = Buffer.alloc(1024 * 1024, 0x20);
          let sent = 0;
          const pump = () => {
            while (sent < 100 && !req.destroyed) {
              sent++;
              if (!req.write(chunk)) return void req.once('drain', pump);
            }
            if (!req.destroyed) req.end();
          };
          req.write('{"payload":"');
          pump();
        });
        expect(streamed).toBe(413);
        await responsive();
      },
    ));

  it('#11.5 the phone routes refuse cross-site simple requests (text/plain, forms)', () =>
    security.check(
      '#11.5',
      'a web page POSTs to /sandbox/phone/scan and /logout as text/plain or a form (no CORS preflight)',
      '415: the control routes take application/json only, which a cross-site page cannot send without a preflight',
      async () => {
        for (const type of [
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ]) {
          const scan = await post('/sandbox/phone/scan', '{"sessionId":"x"}', { 'content-type': type });
          expect(scan.status, type).toBe(415);
          const logout = await post('/sandbox/phone/logout', '{"phoneNumber":"34600000001"}', {
            'content-type': type,
          });
          expect(logout.status, type).toBe(415);
        }
        const preflight = await fetch(`${sandbox.url}/sandbox/phone/scan`, {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      },
    ));

  it("#11.5 a phone logout without a key cannot reach another account's sessions", () =>
    security.check(
      '#11.5',
      "POST /sandbox/phone/logout with another account's phone number and no API key (or the wrong account's key)",
      "401 without a key; with a key, only that account's sessions are affected",
      async () => {
        const headers = { 'content-type': 'application/json', 'x-api-key': KEY_B };
        await fetch(`${sandbox.url}/api/sessions`, {
          method: 'POST',
          headers,
          body: '{"sessionId":"victim_1"}',
        });
        await fetch(`${sandbox.url}/api/sessions/victim_1/connect`, { method: 'POST', headers });
        sandbox.phone.scan({ sessionId: 'victim_1', apiKey: KEY_B }, { phoneNumber: '34611111111' });
        const noKey = await post('/sandbox/phone/logout', '{"phoneNumber":"34611111111"}');
        expect(noKey.status).toBe(401);
        const otherKey = await post('/sandbox/phone/logout', '{"phoneNumber":"34611111111"}', {
          'x-api-key': KEY_A,
        });
        expect(((await otherKey.json()) as { data: { count: number } }).data.count).toBe(0);
        const list = (await (await fetch(`${sandbox.url}/api/sessions`, { headers })).json()) as {
          data: { sessions: Array<{ sessionId: string; status: string }> };
        };
        expect(list.data.sessions.find((s) => s.sessionId === 'victim_1')?.status).toBe('connected');
      },
    ));
});

describe('#11.9 the rate limiter forgets', () => {
  it('#11.9 login identifiers expire after their window, and the table is bounded', () =>
    security.check(
      '#11.9',
      'a flood of made-up login identifiers (one request each)',
      'each window is forgotten once it ends; at most MAX_TRACKED_KEYS are kept',
      () => {
        const clock = createManualClock();
        const limiter = new RateLimiter({ limit: 5, windowMs: 60_000 }, clock);
        for (let i = 0; i < 100; i++) limiter.take(`login:user${i}@example.com`);
        expect(limiter.size).toBe(100);
        clock.advance(60_001);
        limiter.take('login:someone@example.com');
        expect(limiter.size).toBe(1);
        for (let i = 0; i < MAX_TRACKED_KEYS + 500; i++) limiter.take(`login:flood${i}`);
        expect(limiter.size).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
        // A key over its limit is still limited while its window lasts.
        for (let i = 0; i < 5; i++) limiter.take('login:victim');
        expect(limiter.take('login:victim').allowed).toBe(false);
      },
    ));
});
