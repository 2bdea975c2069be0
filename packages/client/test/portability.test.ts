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

  it('src/index.ts exports nothing from internal/ but the types of public options', () => {
    const index = readFileSync(join(srcDir, 'index.ts'), 'utf8');
    const internal = [...index.matchAll(/export (type )?\{[^}]*\} from '\.\/internal\/([a-z-]+)\.js'/g)];
    expect(internal.map((m) => [m[2], Boolean(m[1])])).toEqual([
      ['logger', true],
      ['transport', true],
    ]);
  });

  it('names no timer, globalThis or process outside internal/platform.ts (hosts like n8n swap that file)', () => {
    const offenders = files(srcDir).filter((file) => {
      if (file.endsWith('internal/platform.ts') || file.includes('/generated/')) return false;
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      return /\b(setTimeout|clearTimeout|setInterval|clearInterval|setImmediate|globalThis|process)\b/.test(
        code,
      );
    });
    expect(offenders).toEqual([]);
  });
});
