/** Packs the package with `npm pack` and extracts the tarball, as n8n would install it. */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Packed {
  tarball: string;
  extracted: string;
  files: { path: string; size: number }[];
  size: number;
  unpackedSize: number;
}

export async function packAndExtract(): Promise<Packed> {
  const out = await mkdtemp(join(tmpdir(), 'inbox-hub-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: packageDir });
  const [info] = JSON.parse(stdout) as {
    filename: string;
    files: { path: string; size: number }[];
    size: number;
    unpackedSize: number;
  }[];
  if (!info) throw new Error('npm pack printed nothing');
  const tarball = join(out, info.filename);
  await run('tar', ['xzf', tarball, '-C', out]);
  return {
    tarball,
    extracted: join(out, 'package'),
    files: info.files,
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}
