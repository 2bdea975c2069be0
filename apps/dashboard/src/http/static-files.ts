import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { AppEnv } from './context.js';

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'connect.js': 'text/javascript; charset=utf-8',
  'link.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/**
 * Serves the few files under `static/` (copied to `dist/static` by the build), read once at start. A fixed
 * list, so no request path ever reaches the file system.
 */
export function registerStaticFiles(app: Hono<AppEnv>): void {
  const dir = new URL('../static/', import.meta.url);
  const files = new Map(
    Object.entries(TYPES).map(([name, type]) => [name, { type, body: readFileSync(new URL(name, dir)) }]),
  );
  app.get('/static/:file', (c) => {
    const file = files.get(c.req.param('file'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=300' });
  });
}
