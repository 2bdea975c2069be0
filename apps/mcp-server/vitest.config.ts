import { defineConfig } from 'vitest/config';

// One Prism mock for the whole run (globalSetup). Prism takes seconds to start on a busy machine; the
// assertions themselves never wait on time.
export default defineConfig({
  test: {
    globalSetup: ['@inbox-hub/contract-testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
