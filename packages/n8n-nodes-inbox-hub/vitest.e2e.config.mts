import { defineConfig } from 'vitest/config';

// Runs inside test/e2e/with-n8n.sh, which installs the pinned n8n and sets N8N_HOST_DIR.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.mts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
