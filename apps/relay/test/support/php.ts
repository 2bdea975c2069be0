/**
 * PHP for the README's PHP snippet: Debian's php-cli, which `./x setup` installs when it is missing (as it
 * does Chromium and PostgreSQL). Without it the test fails with the package to install.
 */
import { execFileSync } from 'node:child_process';

/** Returns the `php` command, or throws naming the package to install. */
export function ensurePhp(): string {
  try {
    execFileSync('php', ['--version'], { stdio: 'ignore' });
    return 'php';
  } catch {
    throw new Error(
      "The README's PHP snippet is tested with a real PHP: install Debian's php-cli package (apt-get install -y php-cli; ./x setup does it).",
    );
  }
}
