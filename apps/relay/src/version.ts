import { createRequire } from 'node:module';

/** The relay's version, from its package.json (sent in `User-Agent`). */
export const RELAY_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
