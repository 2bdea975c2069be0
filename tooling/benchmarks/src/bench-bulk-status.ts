import { InboxHub, type Session } from '@inbox-hub/client';
import { startSandbox } from '@inbox-hub/sandbox';
import { countingFetch } from './counting-fetch.js';
import { type BenchResult, ms } from './result.js';

const SESSIONS = 1_000;
const LATENCY_MS = 20;

/**
 * #3: status of 1,000 sessions on the sandbox with ~20 ms latency per request: the guide's sequential
 * loop (one status call after another, database ids from the CRM's table) versus the client's concurrent
 * calls (its request queue keeps 16 on the wire). Both make exactly one status request per session.
 */
export async function benchBulkStatus(): Promise<BenchResult> {
  const sandbox = await startSandbox({ rateLimit: false, latencyMs: LATENCY_MS });
  const { apiKey } = sandbox.account;
  try {
    const setup = new InboxHub({ baseUrl: sandbox.url, apiKey, maxConcurrency: 64 });
    const sessions: Session[] = await Promise.all(
      Array.from({ length: SESSIONS }, (_, i) => setup.sessions.create({ sessionId: `bulk_${i}` })),
    );
    const handles = sessions.map((s) => ({ sessionId: s.sessionId, id: s.id }));

    const guide = countingFetch();
    const t0 = performance.now();
    for (const { id } of handles) {
      const res = await guide.fetch(`${sandbox.url}/api/sessions/${id}/status`, {
        headers: { 'X-API-Key': apiKey },
      });
      await res.json();
    }
    const guideMs = performance.now() - t0;

    const ours = countingFetch();
    const hub = new InboxHub({ baseUrl: sandbox.url, apiKey, fetch: ours.fetch });
    const t1 = performance.now();
    const statuses = await Promise.all(handles.map((h) => hub.sessions.getStatus(h)));
    const ourMs = performance.now() - t1;
    if (statuses.length !== SESSIONS) throw new Error('missing statuses');

    const speedup = guideMs / ourMs;
    const guideRequests = guide.count();
    const ourRequests = ours.count();
    return {
      id: 3,
      what: `status of ${SESSIONS.toLocaleString('en')} sessions, sandbox with ${LATENCY_MS} ms latency per request`,
      baseline: `guide's sequential loop: ${ms(guideMs)}, ${guideRequests} requests`,
      ours: `client (16 in flight): ${ms(ourMs)}, ${ourRequests} requests`,
      ratio: `${speedup.toFixed(1)}× faster`,
      goal: '≥ 10× faster, no more requests',
      met: speedup >= 10 && ourRequests <= guideRequests,
    };
  } finally {
    await sandbox.close();
  }
}
