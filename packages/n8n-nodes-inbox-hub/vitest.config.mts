import { defineConfig } from 'vitest/config';

// Unit tests and the packed-tarball check; the n8n end-to-end suite has its own config.
export default defineConfig({
  test: { include: ['test/**/*.test.mts'], exclude: ['test/e2e/**'], testTimeout: 60_000 },
});
