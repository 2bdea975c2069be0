import { decodeQrImage, type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngToMatrix, type QrMatrix, renderQr } from '../src/qr-terminal.js';

/** Paints a module grid back into a PNG (4 px a module, 4-module quiet zone), for a real decoder to read. */
function matrixToPng(matrix: QrMatrix): Buffer {
  const scale = 4;
  const quiet = 4;
  const size = (matrix.length + quiet * 2) * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dark = matrix[Math.floor(y / scale) - quiet]?.[Math.floor(x / scale) - quiet] === true;
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Reads the plain half-block drawing back into modules. */
function textToMatrix(text: string): QrMatrix {
  const rows: boolean[][] = [];
  for (const line of text.split('\n')) {
    const chars = [...line];
    rows.push(chars.map((c) => c === '█' || c === '▀'));
    rows.push(chars.map((c) => c === '█' || c === '▄'));
  }
  return rows;
}

describe('drawing a QR in the terminal', () => {
  let sandbox: RunningSandbox;
  let png: Uint8Array;
  let payload: string | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const headers = { 'X-API-Key': sandbox.apiKey, 'Content-Type': 'application/json' };
    await fetch(`${sandbox.url}/api/sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sessionId: 'draw_me' }),
    });
    await fetch(`${sandbox.url}/api/sessions/draw_me/connect`, { method: 'POST', headers });
    const qr = (await (await fetch(`${sandbox.url}/api/sessions/draw_me/qr`, { headers })).json()) as {
      data: { qrCode: string };
    };
    png = Buffer.from(qr.data.qrCode.replace(/^data:image\/png;base64,/, ''), 'base64');
    payload = decodeQrImage(png);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('reads the module grid out of the server PNG faithfully (a decoder reads the redrawn grid)', () => {
    const matrix = pngToMatrix(png);
    expect(matrix.length).toBeGreaterThanOrEqual(21);
    expect((matrix.length - 17) % 4).toBe(0); // 17 + 4 × version
    expect(payload).toMatch(/^ihsbx:/);
    expect(decodeQrImage(matrixToPng(matrix))).toBe(payload);
  });

  it('draws two module rows per line, and the drawing decodes to the same payload', () => {
    const matrix = pngToMatrix(png);
    const text = renderQr(matrix, { color: false });
    const lines = text.split('\n');
    expect(lines).toHaveLength(Math.ceil((matrix.length + 4) / 2));
    const redrawn = textToMatrix(text)
      .slice(2, 2 + matrix.length)
      .map((row) => row.slice(2, 2 + matrix.length));
    expect(redrawn).toEqual(matrix);
    expect(decodeQrImage(matrixToPng(redrawn))).toBe(payload);
  });

  it('forces black on white with ANSI colours when asked', () => {
    const text = renderQr(pngToMatrix(png), { color: true });
    expect(text).toContain('\x1b[97;107m▀'); // a light pair: white on white
    expect(text).toContain('\x1b[30;40m▀'); // a dark pair: black on black
    expect(text.split('\n').every((line) => line.endsWith('\x1b[0m'))).toBe(true);
  });

  it('refuses an image that is not a QR', () => {
    const blank = new PNG({ width: 50, height: 50 });
    blank.data.fill(255);
    expect(() => pngToMatrix(PNG.sync.write(blank))).toThrow(/blank/);
  });
});
