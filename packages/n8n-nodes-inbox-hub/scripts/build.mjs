// Builds dist/: one CommonJS bundle per n8n entry (n8n `require`s each file named in package.json's
// `n8n` field) and one of @inbox-hub/client (dist/lib/inbox-hub-client.js) that both nodes require by a
// relative path, so the client ships once; n8n-workflow is left to the host. The icons and codex files
// go next to the code that names them.
//
// The client is compiled for n8n's community-node sandbox, which forbids the globals setTimeout,
// clearTimeout, globalThis and process (@n8n/eslint-plugin-community-nodes, no-restricted-globals; the
// scan test lints dist/ with n8n's own scanner). The client keeps every global it touches in one module,
// internal/platform.js, which is swapped here for nodes/InboxHub/helpers/client-platform.ts (timers from
// n8n-workflow's sleep). openapi-fetch, inside the client, reads globalThis.fetch/Request only as
// defaults the client always overrides, and process only to detect undici: those are pinned at build time.
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const entries = [...pkg.n8n.credentials, ...pkg.n8n.nodes].map((file) => ({
  in: join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
  out: file.replace(/^dist\//, '').replace(/\.js$/, ''),
}));

/** Resolves the client's internal/platform.js to the n8n one. */
const n8nPlatform = {
  name: 'n8n-platform',
  setup(b) {
    b.onResolve({ filter: /(^|\/)platform\.js$/ }, (args) =>
      /[\\/]client[\\/]dist[\\/]/.test(args.importer)
        ? { path: join(root, 'nodes', 'InboxHub', 'helpers', 'client-platform.ts') }
        : undefined,
    );
  },
};

/** The nodes require the one client bundle instead of inlining it. */
const sharedClient = {
  name: 'shared-client',
  setup(b) {
    b.onResolve({ filter: /^@inbox-hub\/client$/ }, () => ({
      path: '../../lib/inbox-hub-client.js',
      external: true,
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['n8n-workflow'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(dist, { recursive: true, force: true });
const client = await build({
  ...common,
  stdin: { contents: "export * from '@inbox-hub/client';", resolveDir: root, loader: 'js' },
  outfile: join(dist, 'lib', 'inbox-hub-client.js'),
  plugins: [n8nPlatform],
  define: { 'globalThis.fetch': 'undefined', 'globalThis.Request': 'Request', process: 'undefined' },
  metafile: true,
});
const inputs = Object.keys(client.metafile.inputs);
if (!inputs.some((file) => file.endsWith('client-platform.ts'))) {
  throw new Error('The n8n platform module is not in the client bundle: the n8n-platform swap failed.');
}
if (inputs.some((file) => /client[\\/]dist[\\/]internal[\\/]platform\.js$/.test(file))) {
  throw new Error("The client's own platform module reached the n8n bundle: the n8n-platform swap failed.");
}
await build({ ...common, entryPoints: entries, outdir: dist, plugins: [sharedClient] });
await mkdir(join(dist, 'icons'), { recursive: true });
await cp(join(root, 'icons'), join(dist, 'icons'), { recursive: true });
for (const node of ['InboxHub', 'InboxHubTrigger']) {
  await cp(join(root, 'nodes', node, `${node}.node.json`), join(dist, 'nodes', node, `${node}.node.json`));
}
console.log(`built ${entries.length} entries into dist/`);
