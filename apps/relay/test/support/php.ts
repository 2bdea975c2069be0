/**
 * PHP for the README's PHP snippet. Debian's php-cli is small; when it is missing and the tests run as root
 * with apt-get (CI here), the setup installs it, as ./x setup does for Chromium. Otherwise the test fails
 * with the package to install.
 */
import { execFileSync } from 'node:child_process';

const has = (command: string) => {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Returns the `php` command, installing Debian's php-cli first when it is missing and that is possible. */
export function ensurePhp(): string {
  if (has('php')) return 'php';
  if (process.getuid?.() === 0 && has('apt-get')) {
    const apt = (args: string[]) =>
      execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 300_000,
      });
    try {
      apt(['install', '-y', '-qq', 'php-cli']);
    } catch {
      // The package lists may be missing or stale on a fresh machine.
      apt(['update', '-qq']);
      apt(['install', '-y', '-qq', 'php-cli']);
    }
    if (has('php')) return 'php';
  }
  throw new Error(
    "The README's PHP snippet is tested with a real PHP: install Debian's php-cli package (apt-get install -y php-cli).",
  );
}
