import { describe, expect, it } from 'vitest';
import { page, table } from '../src/markdown.js';
import { bytes, ms } from '../src/result.js';
import { mean, median, quantile } from '../src/stats.js';

describe('stats', () => {
  it('median and quantiles interpolate', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });
});

describe('report', () => {
  const result = { id: 1, what: 'w', baseline: 'b', ours: 'o', ratio: '1.02×', goal: 'g', met: true };
  it('formats units', () => {
    expect(ms(0.25)).toBe('250 µs');
    expect(ms(12.345)).toBe('12.35 ms');
    expect(ms(2500)).toBe('2.50 s');
    expect(bytes(512)).toBe('512 B');
    expect(bytes(10_786)).toBe('10.79 kB');
  });
  it('renders a row per result with its verdict', () => {
    expect(table([result, { ...result, id: 2, met: false }, { ...result, id: 7, met: null }])).toMatch(
      /\| 1 \|.*✅ met \|\n\| 2 \|.*❌ missed \|\n\| 7 \|.*reported \|/,
    );
  });
  it('names the machine and the failures on the page', () => {
    const text = page(
      [result],
      { cpu: 'CPU X', cores: 2, memoryGiB: 24, node: '24.21.0', os: 'Linux' },
      new Date(0),
      ['#5: boom'],
    );
    expect(text).toContain('CPU X, 2 cores, 24 GiB');
    expect(text).toContain('- #5: boom');
  });
});
