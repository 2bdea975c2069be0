import { defineConfig } from 'vitest/config';

// `changeset version` in a temporary copy of the workspace takes a few seconds on a loaded machine.
export default defineConfig({ test: { testTimeout: 120_000 } });
