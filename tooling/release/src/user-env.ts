import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

/**
 * A user's environment for one step: an empty folder, a fresh npm cache and HOME, and a `.npmrc` whose only
 * registry is the rehearsal's. Nothing of the developer's npm configuration (or pnpm's `npm_config_*`
 * variables) leaks in.
 */
export async function userFolder(
  work: string,
  name: string,
  registry: string,
): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = join(work, name);
  const home = join(dir, '.home');
  await mkdir(home, { recursive: true });
  const npmrc = join(home, '.npmrc');
  await writeFile(npmrc, `registry=${registry}/\nfund=false\naudit=false\nupdate-notifier=false\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: [dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter)].join(delimiter),
    HOME: home,
    TMPDIR: process.env.TMPDIR,
    LANG: 'C.UTF-8',
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    npm_config_userconfig: npmrc,
    npm_config_registry: `${registry}/`,
    npm_config_cache: join(home, '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'error',
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return { dir, env };
}
