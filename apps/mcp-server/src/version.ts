import { createRequire } from 'node:module';

// Read from package.json at run time (src/ and dist/ both sit beside it), so the two never disagree.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The server's name as MCP clients see it. */
export const SERVER_NAME = 'inbox-hub-mcp';
/** The package version. */
export const SERVER_VERSION: string = pkg.version;
