// The release PR's version step: `changeset version` (new versions and changelogs from .changeset/*.md),
// then the same version into the two files changesets does not know about, which name the MCP server's
// version beside its package.json: apps/mcp-server/server.json (the MCP registry entry, published in the
// tarball) and apps/mcp-server/mcpb/manifest.json (the Claude Desktop bundle). Without this step the
// registry entry and the bundle would announce the previous version.
//
//   node tooling/workflows/scripts/version-packages.mjs [--root DIR]     (default: this repository)
//
// The release workflow runs it as changesets/action's `version` command; a maintainer can run it locally
// with `./x pnpm --filter @inbox-hub/workflows version-packages`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = resolve(values.root ?? fileURLToPath(new URL('../../..', import.meta.url)));

const changeset = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
const run = spawnSync(process.execPath, [changeset, 'version'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  process.stderr.write(
    `version-packages: \`changeset version\` failed (exit ${run.status}); nothing else was changed.\n`,
  );
  process.exit(run.status ?? 1);
}

const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const writeJson = (file, value) => writeFileSync(join(root, file), `${JSON.stringify(value, null, 2)}\n`);

const pkg = readJson('apps/mcp-server/package.json');

const server = readJson('apps/mcp-server/server.json');
server.version = pkg.version;
for (const entry of server.packages ?? []) if (entry.identifier === pkg.name) entry.version = pkg.version;
writeJson('apps/mcp-server/server.json', server);

const manifest = readJson('apps/mcp-server/mcpb/manifest.json');
manifest.version = pkg.version;
writeJson('apps/mcp-server/mcpb/manifest.json', manifest);

process.stdout.write(
  `version-packages: ${pkg.name} ${pkg.version} written to server.json and mcpb/manifest.json\n`,
);
