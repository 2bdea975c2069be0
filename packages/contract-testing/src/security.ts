import { writeReport } from './report.js';

/** One attack from the security review, as a test ran it. */
export interface SecurityCheck {
  /** The review's item, such as `#11.4`. */
  item: string;
  /** The surface attacked: client, cli, dashboard, sandbox, mcp-server, n8n node. */
  surface: string;
  /** What the attacker did. */
  attack: string;
  /** What the surface must do instead. */
  defence: string;
  pass: boolean;
  /** What happened when the check failed. */
  actual?: string | undefined;
}

/**
 * Records the security tests of one test file for the "security" table of docs/reliability.md. Wrap the
 * body of each attack test in `check()`: it runs the body, records whether it held, and rethrows, so a
 * failing defence fails the test and shows as ❌ in the table. Call `write()` in `afterAll`.
 *
 * @example
 * const security = securityLog('cli', 'escapes');
 * afterAll(() => security.write());
 * it('#11.4 strips terminal escapes from server names', () =>
 *   security.check('#11.4', 'a session name with OSC 52', 'printed inert', async () => { ... }));
 */
export function securityLog(
  surface: string,
  file: string,
): {
  check(item: string, attack: string, defence: string, body: () => unknown): Promise<void>;
  write(): void;
} {
  const checks: SecurityCheck[] = [];
  return {
    async check(item, attack, defence, body) {
      try {
        await body();
        checks.push({ item, surface, attack, defence, pass: true });
      } catch (error) {
        const actual = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : String(error);
        checks.push({ item, surface, attack, defence, pass: false, actual });
        throw error;
      }
    },
    write() {
      if (checks.length > 0) writeReport(`security-${surface}-${file}`, checks);
    },
  };
}
