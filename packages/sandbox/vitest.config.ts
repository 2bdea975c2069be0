import { defineConfig } from 'vitest/config';

// Prism takes a few seconds to start on a busy machine; the assertions themselves never wait on time.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 90_000 } });
