import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { run } from '@inbox-hub/contract-testing';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { type Packed, tarballProblems } from './pack.js';

const require = createRequire(import.meta.url);

/** A tool's path inside an installed package (its `bin`). */
export function binOf(pkg: string, relative: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), relative);
}

/** Every check of a packed tarball, as the rehearsal and the publish both run them: one line per problem. */
export async function packedProblems(packed: Packed): Promise<string[]> {
  return [...tarballProblems(packed), ...(await publintProblems(packed)), ...(await attwProblems(packed))];
}

/** publint on the tarball itself (what is published), strict: warnings count. One line per problem. */
export async function publintProblems(packed: Packed): Promise<string[]> {
  const tarball = await readFile(packed.tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
}

/**
 * arethetypeswrong on the tarball (`attw --pack` on what is published), with the package's profile.
 * Returns the problems it printed, or an empty list.
 */
export async function attwProblems(packed: Packed): Promise<string[]> {
  if (packed.pkg.attw !== 'esm-only') return [];
  const attw = binOf('@arethetypeswrong/cli', 'dist/index.js');
  const result = await run(
    process.execPath,
    [attw, packed.tarball, '--profile', packed.pkg.attw, '--format', 'ascii', '--no-color', '--no-emoji'],
    { allowFailure: true, timeoutMs: 120_000 },
  );
  if (result.code === 0) return [];
  return [`attw found problems:\n${result.stdout.trim()}\n${result.stderr.trim()}`];
}
