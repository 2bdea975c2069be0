#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2), process.env).then(
  (code) => {
    // Exit explicitly (keep-alive sockets to the API may linger), once stdout has flushed.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `inbox-hub-mcp: could not start (${error instanceof Error ? error.name : 'error'}). Run with INBOX_HUB_MCP_LOG_LEVEL=debug for details.\n`,
    );
    process.exit(1);
  },
);
