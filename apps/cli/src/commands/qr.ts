import { currentQr } from '../current-qr.js';
import { ExitCode } from '../exit-codes.js';
import { note, out, printJson } from '../io.js';
import { qrBlock, qrJson, saveQr } from '../qr-display.js';
import { line, trusted } from '../terminal-text.js';
import { sessionIdArg } from './args.js';
import type { Command } from './types.js';

/** `sessions qr <sessionId> [--out FILE] [--no-connect]` */
export const qr: Command = async ({ hub, io, args, flags, signal }) => {
  const sessionId = sessionIdArg(args, 'qr');
  const code = await currentQr(hub, sessionId, flags.connect, signal);
  if (code === 'connected') {
    if (io.json) printJson(io, { sessionId, status: 'connected' });
    else out(io, line`${sessionId} is already connected: there is no QR to scan.`);
    return ExitCode.ok;
  }
  if (flags.out) await saveQr(code, flags.out);
  if (io.json) printJson(io, { ...qrJson(code, sessionId), ...(flags.out ? { savedTo: flags.out } : {}) });
  else if (flags.out)
    out(io, line`Saved the QR of ${sessionId} to ${flags.out} (expires ${code.expiresAt.toISOString()}).`);
  else {
    out(io, trusted(qrBlock(io, code, sessionId).text));
    note(io, line`Wait for the scan: inbox-hub sessions wait ${sessionId}`);
  }
  return ExitCode.ok;
};
