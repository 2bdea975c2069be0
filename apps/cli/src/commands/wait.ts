import type { QrCode, SessionStatusInfo } from '@inbox-hub/client';
import { currentQr } from '../current-qr.js';
import { ExitCode } from '../exit-codes.js';
import { note, out, printJson } from '../io.js';
import { qrBlock } from '../qr-display.js';
import { createSpinner } from '../spinner.js';
import { line, trusted } from '../terminal-text.js';
import { secondsFlag, sessionIdArg } from './args.js';
import type { Command } from './types.js';

/**
 * `sessions wait <sessionId> [--timeout SECS] [--interval SECS] [--no-connect]`: the guide's Caso 2. Shows
 * the QR, polls until the session is connected (exit 0), fails (exit 11) or time runs out (exit 12), and
 * redraws the QR in place whenever it rotates.
 */
export const wait: Command = async ({ hub, io, args, flags, signal }) => {
  const sessionId = sessionIdArg(args, 'wait');
  const timeoutMs = secondsFlag(flags.timeout, 'timeout', 180_000);
  const pollIntervalMs = secondsFlag(flags.interval, 'interval', 2_000);
  const first = await currentQr(hub, sessionId, flags.connect, signal);
  if (first === 'connected') {
    const info = await hub.sessions.getStatus(sessionId, { signal });
    if (io.json) printJson(io, { outcome: 'connected', status: info, polls: 1, qrRefreshes: 0 });
    else out(io, line`${sessionId} is already connected as ${info.phoneNumber}.`);
    return ExitCode.ok;
  }

  const tty = Boolean(io.stdout.isTTY);
  let shown: QrCode = first;
  let drawnLines = 0;
  const spinner = createSpinner(io);
  const draw = (qr: QrCode, replacing: boolean) => {
    if (io.json) return;
    spinner.clear();
    const block = qrBlock(io, qr, sessionId);
    // On a terminal the new QR overwrites the old one; in a log it is printed after it.
    if (replacing && tty) io.stdout.write(`\x1b[${drawnLines}A\x1b[J`);
    else if (replacing) out(io, line`The QR expired; here is the new one:`);
    out(io, trusted(block.text));
    drawnLines = block.lines;
  };
  // Evaluated on every spinner frame (on a terminal), so the countdown follows the QR on screen.
  const describe = () =>
    line`Waiting for ${sessionId} to be scanned, QR expires in ${Math.ceil(shown.expiresInMs() / 1000)} s`;

  draw(first, false);
  try {
    const result = await hub.waitForConnection(sessionId, {
      qr: first,
      timeoutMs,
      pollIntervalMs,
      maxPollIntervalMs: Math.max(pollIntervalMs, 5_000),
      signal,
      onQr: (qr) => {
        shown = qr;
        draw(qr, true);
      },
      onStatus: (status: SessionStatusInfo) => {
        if (status.status === 'pending')
          spinner.update(io.stderr.isTTY ? describe : 'Waiting for the scan...');
      },
    });
    spinner.stop();
    if (io.json)
      printJson(io, {
        outcome: result.outcome,
        status: result.status,
        polls: result.polls,
        qrRefreshes: result.qrRefreshes,
      });
    if (result.outcome === 'connected') {
      if (!io.json) out(io, line`Connected: ${sessionId} as ${result.status.phoneNumber}.`);
      return ExitCode.ok;
    }
    if (!io.json) {
      note(
        io,
        line`${sessionId} ended ${result.outcome} before it was scanned. Try again: inbox-hub sessions wait ${sessionId}`,
      );
    }
    return ExitCode.sessionFailed;
  } finally {
    spinner.stop();
  }
};
