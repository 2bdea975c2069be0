import { defineConfig } from 'vitest/config';

// Browser tests start Chromium and a sandbox per file; on a busy two-core machine that takes a while.
// The assertions wait for page states, never for a length of time.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false },
});
