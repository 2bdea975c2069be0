import { describe, expect, it } from 'vitest';
import { CaseCounter } from '../src/fuzz.js';

describe('CaseCounter', () => {
  it('counts cases and invalid ones per field', async () => {
    const tried = new CaseCounter();
    await tried.count('phone', true);
    await tried.count('phone', false);
    expect(tried.fields).toEqual({ phone: { cases: 2, invalid: 1 } });
  });

  it('lets the event loop turn during a long promise-only run (vitest’s worker RPC needs it)', async () => {
    const tried = new CaseCounter();
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    // 99 cases of promise-only work: no turn of the loop yet.
    for (let i = 0; i < 99; i++) await tried.count('x', true);
    expect(turned).toBe(false);
    await tried.count('x', true);
    expect(turned).toBe(true);
  });
});
