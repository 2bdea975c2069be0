#!/usr/bin/env node
// The `inbox-hub-relay` command. A committed launcher, so pnpm can link the bin before anything is built; the code
// is in dist/ (run the package's build first when working from a clone).
import '../dist/bin.js';
