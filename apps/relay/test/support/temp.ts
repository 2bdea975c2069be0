import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];
process.once('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, deleted when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-hub-relay-test-'));
  dirs.push(dir);
  return dir;
}
