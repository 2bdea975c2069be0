// Bundles the bin (after tsc) into one file: Node then loads one module instead of a few hundred, which
// halves the server's cold start (measured by `pnpm bench`, #5). The library entry (dist/index.js) stays
// unbundled for people who embed `createServer`.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/bin.js'],
  outfile: 'dist/bin.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'external',
  // Some bundled CommonJS dependencies call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __inboxHubRequire } from 'node:module';\nconst require = __inboxHubRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// tsc's map of the unbundled bin describes a file that no longer exists: a stale map must not ship.
rmSync('dist/bin.js.map', { force: true });
