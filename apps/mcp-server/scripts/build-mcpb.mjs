// Builds the MCP Bundle (.mcpb) that Claude Desktop installs in one click, from the esbuild bundle of the
// bin (dist/bin.js, made by `build`): the bundle holds nothing but the manifest, a package.json, that one
// file and the connect card's HTML beside it, so the server runs with Node alone (no node_modules). `mcpb validate` checks the manifest, then
// `mcpb pack` zips it.
//
//   node scripts/build-mcpb.mjs [--out DIR]      (default DIR: mcpb/dist)
//
// Nothing is read from the environment: the user's URL and key come from Claude Desktop at install time
// (manifest.json's user_config), never from the machine that builds the bundle.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? join(root, 'mcpb', 'dist'));

/** Stops the build with a sentence saying what is wrong and how to fix it. */
function fail(message) {
  process.stderr.write(`build-mcpb: ${message}\n`);
  process.exit(1);
}

const bin = join(root, 'dist', 'bin.js');
// The connect card, read by the bundled server from ui/ beside it (Claude renders MCP Apps).
const card = join(root, 'dist', 'ui', 'connect-card.html');
for (const file of [bin, card]) {
  if (!existsSync(file)) fail(`${file} is missing: run \`pnpm --filter @inbox-hub/mcp-server build\` first.`);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifestPath = join(root, 'mcpb', 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
// changesets bumps package.json; tooling/workflows' version-packages carries the version into the
// manifest. A mismatch means that step was skipped, and the bundle would announce the wrong version.
if (manifest.version !== pkg.version) {
  fail(
    `mcpb/manifest.json has version ${manifest.version} but package.json has ${pkg.version}: ` +
      'run `./x pnpm --filter @inbox-hub/workflows version-packages` (or set it by hand).',
  );
}

// The mcpb CLI, run with this Node as its users run it (`mcpb validate`, `mcpb pack`).
const mcpbCli = join(dirname(createRequire(import.meta.url).resolve('@anthropic-ai/mcpb')), 'cli', 'cli.js');
function mcpb(...args) {
  const run = spawnSync(process.execPath, [mcpbCli, ...args], { encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.status !== 0) fail(`\`mcpb ${args[0]}\` failed (exit ${run.status}); see its output above.`);
}

const stage = mkdtempSync(join(tmpdir(), 'inbox-hub-mcpb-'));
try {
  mkdirSync(join(stage, 'server'));
  copyFileSync(manifestPath, join(stage, 'manifest.json'));
  copyFileSync(bin, join(stage, manifest.server.entry_point));
  mkdirSync(join(stage, dirname(manifest.server.entry_point), 'ui'));
  copyFileSync(card, join(stage, dirname(manifest.server.entry_point), 'ui', 'connect-card.html'));
  // The bundled server reads `../package.json` for its version, and "type": "module" makes Node load
  // server/index.js (ESM) without a warning. Nothing else from package.json is needed at run time.
  writeFileSync(
    join(stage, 'package.json'),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
  );
  if (manifest.icon) copyFileSync(join(root, 'mcpb', manifest.icon), join(stage, manifest.icon));

  mcpb('validate', join(stage, 'manifest.json'));
  mkdirSync(outDir, { recursive: true });
  const output = join(outDir, `inbox-hub-mcp-${pkg.version}.mcpb`);
  mcpb('pack', stage, output);
  // The registry's server.json lists a bundle by its SHA-256 (packages[].fileSha256 for registryType mcpb).
  const sha256 = createHash('sha256').update(readFileSync(output)).digest('hex');
  process.stdout.write(`\nbuild-mcpb: ${output}\nbuild-mcpb: sha256 ${sha256}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
