import { ExitCode } from '../exit-codes.js';
import { out, printJson } from '../io.js';
import { line } from '../terminal-text.js';
import { sessionIdArg } from './args.js';
import type { Command } from './types.js';

/** `sessions create <sessionId> [--phone N] [--name S] [--description S]` */
export const create: Command = async ({ hub, io, args, flags, signal }) => {
  const sessionId = sessionIdArg(args, 'create');
  const session = await hub.sessions.create(
    { sessionId, phoneNumber: flags.phone, name: flags.name, description: flags.description },
    { signal },
  );
  if (io.json) printJson(io, session);
  else {
    out(io, line`Created session ${session.sessionId} (id ${session.id}), status ${session.status}.`);
    out(
      io,
      line`Next: inbox-hub sessions qr ${session.sessionId}   (starts the connection and shows the QR)`,
    );
  }
  return ExitCode.ok;
};
