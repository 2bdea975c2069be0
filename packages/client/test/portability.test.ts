import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('../src', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the client runs wherever fetch exists', () => {
  it('imports nothing from Node and uses no Node globals', () => {
    const offenders = files(srcDir).filter((file) => {
      // Code only: JSDoc examples may show process.env.
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      return /from ['"]node:|require\(|\bBuffer\.|process\.env|from ['"](fs|path|http|https|crypto|util)['"]/.test(
        text,
      );
    });
    expect(offenders).toEqual([]);
  });

  it('src/index.ts exports nothing from internal/ but the documented helpers', () => {
    const index = readFileSync(join(srcDir, 'index.ts'), 'utf8');
    const internal = [...index.matchAll(/from '\.\/internal\/([a-z-]+)\.js'/g)].map((m) => m[1]);
    expect(new Set(internal)).toEqual(new Set(['logger', 'qr', 'retry', 'transport', 'validate']));
  });
});
