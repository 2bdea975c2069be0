import { ExitCode } from '../exit-codes.js';
import { out, printJson } from '../io.js';
import { statusText } from '../status-text.js';
import { line } from '../terminal-text.js';
import { sessionIdArg } from './args.js';
import type { Command } from './types.js';

/** `sessions status <sessionId>` */
export const status: Command = async ({ hub, io, args, signal }) => {
  const sessionId = sessionIdArg(args, 'status');
  const info = await hub.sessions.getStatus(sessionId, { signal });
  if (io.json) printJson(io, info);
  else {
    const phone = info.isConnected
      ? ` as ${info.phoneNumber}`
      : info.phoneNumber
        ? ` (expects ${info.phoneNumber})`
        : '';
    const qr = info.hasQR ? '; a QR is waiting to be scanned' : '';
    const activity = info.lastActivity ? `; last activity ${info.lastActivity.toISOString()}` : '';
    out(io, line`${info.sessionId} (id ${info.id}): ${statusText(info)}${phone}${qr}${activity}.`);
  }
  return ExitCode.ok;
};
