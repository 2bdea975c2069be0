import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Unit tests and the packed-tarball check; the n8n end-to-end suite has its own config.
// n8n-workflow's ESM build is not valid Node ESM, so Vitest would transform it file by file (and warn
// about its sourcemaps); its CommonJS build, the one n8n itself loads, runs as is.
export default defineConfig({
  resolve: { alias: { 'n8n-workflow': createRequire(import.meta.url).resolve('n8n-workflow') } },
  test: { include: ['test/**/*.test.mts'], exclude: ['test/e2e/**'], testTimeout: 60_000 },
});
