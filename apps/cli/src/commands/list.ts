import type { Session } from '@inbox-hub/client';
import { ExitCode, UsageError } from '../exit-codes.js';
import { out, printJson } from '../io.js';
import { statusText } from '../status-text.js';
import { inert, type Line, line, trusted } from '../terminal-text.js';
import type { Command } from './types.js';

/** The sessions as aligned columns; every cell from the server is made inert before it is measured. */
function table(sessions: Session[]): Line {
  const rows = [
    ['ID', 'SESSION', 'STATUS', 'PHONE', 'NAME'],
    ...sessions.map((s) =>
      [String(s.id), s.sessionId, statusText(s), s.phoneNumber ?? '-', s.name].map(inert),
    ),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return trusted(
    rows
      .map((r) =>
        r
          .map((cell, col) => cell.padEnd(widths[col] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n'),
  );
}

/** `sessions list` */
export const list: Command = async ({ hub, io, args, signal }) => {
  if (args.length > 0)
    throw new UsageError(`"sessions list" takes no arguments; unexpected: ${args.join(' ')}`);
  const result = await hub.sessions.list({ signal });
  if (io.json) printJson(io, result);
  else if (result.total === 0) {
    out(io, line`No sessions yet. Create one: inbox-hub sessions create cliente_001 --phone 34612345678`);
  } else {
    out(io, table(result.sessions));
    out(io, line`${result.total} session(s).`);
  }
  return ExitCode.ok;
};
