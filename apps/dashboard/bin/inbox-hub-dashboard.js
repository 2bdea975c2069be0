#!/usr/bin/env node
// The `inbox-hub-dashboard` command. A committed launcher, so pnpm can link the bin before anything is built; the code
// is in dist/ (run the package's build first when working from a clone).
// Checked before anything loads: an older Node would fail on a missing built-in with no useful message.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `inbox-hub-dashboard needs Node.js 24 or newer; this is ${process.version}. Install a current LTS from https://nodejs.org.\n`,
  );
  process.exit(1);
}
await import('../dist/bin.js');
