import { ExitCode } from '../exit-codes.js';
import { out, printJson } from '../io.js';
import { line } from '../terminal-text.js';
import { sessionIdArg } from './args.js';
import type { Command } from './types.js';

/** `sessions disconnect <sessionId>` */
export const disconnect: Command = async ({ hub, io, args, signal }) => {
  const sessionId = sessionIdArg(args, 'disconnect');
  const state = await hub.sessions.disconnect(sessionId, { signal });
  if (io.json) printJson(io, state);
  else if (state.status === 'disconnected')
    out(io, line`Disconnected ${sessionId}. Reconnect it with: inbox-hub sessions qr ${sessionId}`);
  else out(io, line`${sessionId} is ${state.status}, not connected: nothing to disconnect.`);
  return ExitCode.ok;
};
