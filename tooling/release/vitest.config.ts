import { defineConfig } from 'vitest/config';

// The rehearsal's pieces install packages through a real registry: minutes on a cold machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } });
