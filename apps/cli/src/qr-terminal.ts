import { PNG } from 'pngjs';
import { assertPng } from './png.js';

/** A QR code as a grid of modules: `true` is dark. */
export type QrMatrix = boolean[][];

/**
 * Reads the module grid back out of a QR PNG. It assumes what QR renderers produce (the server's
 * included): an upright, unrotated code with square modules. The module size comes from the top-left
 * finder pattern, whose first row is always seven dark modules.
 */
export function pngToMatrix(png: Uint8Array): QrMatrix {
  assertPng(png);
  const image = PNG.sync.read(Buffer.from(png));
  const { width, height, data } = image;
  const dark = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    const alpha = (data[i + 3] ?? 255) / 255;
    // Transparent pixels count as the light background.
    const luma =
      (0.299 * (data[i] ?? 255) + 0.587 * (data[i + 1] ?? 255) + 0.114 * (data[i + 2] ?? 255)) * alpha +
      255 * (1 - alpha);
    return luma < 128;
  };
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!dark(x, y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) throw new Error('The QR image is blank.');
  let run = 0;
  while (minX + run <= maxX && dark(minX + run, minY)) run++;
  const moduleSize = run / 7;
  const count = Math.round((maxX - minX + 1) / moduleSize);
  if (moduleSize < 1 || count < 21 || count > 177) throw new Error('The image does not look like a QR code.');
  const matrix: QrMatrix = [];
  for (let row = 0; row < count; row++) {
    const line: boolean[] = [];
    const y = Math.min(height - 1, Math.floor(minY + (row + 0.5) * moduleSize));
    for (let col = 0; col < count; col++) {
      line.push(dark(Math.min(width - 1, Math.floor(minX + (col + 0.5) * moduleSize)), y));
    }
    matrix.push(line);
  }
  return matrix;
}

/**
 * Draws a QR with half-block characters, two module rows per text line, inside a two-module quiet zone.
 * With `color`, ANSI colours force black on white so it scans on dark and light terminals alike; without
 * it, dark modules are drawn as blocks (right on a light background).
 */
export function renderQr(matrix: QrMatrix, options: { color: boolean }): string {
  const quiet = 2;
  const size = matrix.length + quiet * 2;
  const at = (row: number, col: number) => matrix[row - quiet]?.[col - quiet] === true;
  const lines: string[] = [];
  for (let row = 0; row < size; row += 2) {
    let line = '';
    let colour = '';
    for (let col = 0; col < size; col++) {
      const top = at(row, col);
      const bottom = row + 1 < size && at(row + 1, col);
      if (options.color) {
        // Upper half block: foreground paints the top module, background the bottom one. A colour code is
        // written only when it changes, which keeps a drawing a few kilobytes.
        const next = `\x1b[${top ? 30 : 97};${bottom ? 40 : 107}m`;
        if (next !== colour) line += next;
        colour = next;
        line += '▀';
      } else {
        line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
      }
    }
    lines.push(options.color ? `${line}\x1b[0m` : line);
  }
  return lines.join('\n');
}
