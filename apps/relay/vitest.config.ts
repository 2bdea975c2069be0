import { defineConfig } from 'vitest/config';

// The suites start a real PostgreSQL, the sandbox and relay processes; on a busy two-core machine that takes
// a while. The assertions wait for states (deliveries recorded, events received), never for durations.
export default defineConfig({
  test: {
    globalSetup: ['@inbox-hub/contract-testing/postgres-global-setup'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
