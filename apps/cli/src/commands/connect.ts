import { ExitCode } from '../exit-codes.js';
import { out, printJson } from '../io.js';
import { line } from '../terminal-text.js';
import { sessionIdArg } from './args.js';
import type { Command } from './types.js';

/** `sessions connect <sessionId>`: starts the connection (a fresh QR) without showing it. */
export const connect: Command = async ({ hub, io, args, signal }) => {
  const sessionId = sessionIdArg(args, 'connect');
  const state = await hub.sessions.connect(sessionId, { signal });
  if (io.json) printJson(io, state);
  else if (state.status === 'connected') out(io, line`${sessionId} is already connected.`);
  else out(io, line`Connection started for ${sessionId}. Show its QR: inbox-hub sessions qr ${sessionId}`);
  return ExitCode.ok;
};
