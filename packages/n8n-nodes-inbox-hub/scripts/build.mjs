// Builds dist/: one CommonJS bundle per n8n entry (n8n `require`s each file named in package.json's
// `n8n` field), with @inbox-hub/client bundled in and n8n-workflow left to the host, plus the icons
// and codex files next to the code that names them.
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

await rm(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['n8n-workflow'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
await mkdir(join(dist, 'icons'), { recursive: true });
await cp(join(root, 'icons'), join(dist, 'icons'), { recursive: true });
for (const node of ['InboxHub', 'InboxHubTrigger']) {
  await cp(join(root, 'nodes', node, `${node}.node.json`), join(dist, 'nodes', node, `${node}.node.json`));
}
console.log(`built ${entries.length} entries into dist/`);
