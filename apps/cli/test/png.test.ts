import { base64ToBytes, InvalidResponseError } from '@inbox-hub/client';
import { describe, expect, it } from 'vitest';
import { assertPng } from '../src/png.js';

// A 1×1 PNG: signature, IHDR (width at 16, height at 20, interlace at 28), IDAT, IEND.
const PNG = base64ToBytes(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
);
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const refused = (bytes: Uint8Array) => {
  try {
    assertPng(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidResponseError);
    return (error as Error).message;
  }
  throw new Error('assertPng accepted it');
};

describe('assertPng', () => {
  it('accepts a PNG and returns its size', () => {
    expect(assertPng(PNG)).toEqual({ width: 1, height: 1 });
  });

  it('refuses what is not a PNG, a gigantic image, a bomb behind a harmless first header, and interlacing', () => {
    expect(refused(new TextEncoder().encode('#!/bin/sh\necho pwned\n'))).toMatch(/not a PNG/);
    const bomb = PNG.slice();
    view(bomb).setUint32(16, 100_000);
    view(bomb).setUint32(20, 100_000);
    expect(refused(bomb)).toMatch(/100000×100000 pixels/);
    const decoy = new Uint8Array([...PNG.subarray(0, 33), ...bomb.subarray(8, 33), ...PNG.subarray(33)]);
    expect(refused(decoy)).toMatch(/two headers/);
    const interlaced = PNG.slice();
    interlaced[28] = 1;
    expect(refused(interlaced)).toMatch(/interlaced/);
    expect(refused(PNG.subarray(0, 25))).toMatch(/truncated/);
  });
});
