import { InboxHub } from '@inbox-hub/client';
import { startSandbox } from '@inbox-hub/sandbox';
import { countingFetch } from './counting-fetch.js';
import type { BenchResult } from './result.js';

const CALLS = 100;

/**
 * #2: logins for 100 concurrent calls on a cold client with a JWT route (create), versus the guide's
 * approach of logging in before every call. Both against the sandbox, counted at the wire.
 */
export async function benchLogins(): Promise<BenchResult> {
  const sandbox = await startSandbox({ rateLimit: false });
  const { apiKey, email, password } = sandbox.account;
  try {
    // The guide: authenticate() (a login) before each create.
    const guide = countingFetch();
    await Promise.all(
      Array.from({ length: CALLS }, async (_, i) => {
        const login = await guide.fetch(`${sandbox.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ identifier: email, password }),
        });
        const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
        const res = await guide.fetch(`${sandbox.url}/api/sessions`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'X-API-Key': apiKey,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ sessionId: `guide_${i}` }),
        });
        await res.arrayBuffer();
      }),
    );
    const ours = countingFetch();
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey, email, password, fetch: ours.fetch });
    await Promise.all(
      Array.from({ length: CALLS }, (_, i) => hub.sessions.create({ sessionId: `ours_${i}` })),
    );
    const guideLogins = guide.count((k) => k === 'POST /api/auth/login');
    const ourLogins = ours.count((k) => k === 'POST /api/auth/login');
    return {
      id: 2,
      what: `logins for ${CALLS} concurrent creates (a JWT route) on a cold client, sandbox`,
      baseline: `guide (login per call): ${guideLogins}`,
      ours: `client: ${ourLogins}`,
      ratio: `${ourLogins} / ${guideLogins}`,
      goal: 'exactly 1',
      met: ourLogins === 1,
    };
  } finally {
    await sandbox.close();
  }
}
