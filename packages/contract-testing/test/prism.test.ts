import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrismServer, startPrism, violationCheckingFetch } from '../src/index.js';

describe('startPrism', () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism();
  });
  afterAll(async () => {
    await prism.stop();
  });

  it('serves the spec examples', async () => {
    const res = await fetch(`${prism.url}/api/sessions`, { headers: { 'X-API-Key': 'k' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; data: { total: number } };
    expect(body.success).toBe(true);
    expect(body.data.total).toBe(2);
  });

  it('records a violation for a request that breaks the contract', async () => {
    const checked = violationCheckingFetch();
    await checked.fetch(`${prism.url}/api/sessions`, {
      method: 'POST',
      headers: { 'X-API-Key': 'k', 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: '../etc' }),
    });
    expect(() => checked.assertNone()).toThrow(/contract violation/);
  });

  it('stops, freeing the port', async () => {
    const other = await startPrism();
    await other.stop();
    await expect(fetch(`${other.url}/api/sessions`)).rejects.toThrow();
  });
});
