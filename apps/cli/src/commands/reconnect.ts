import { join } from 'node:path';
import type { SessionStatus } from '@inbox-hub/client';
import { ExitCode, UsageError } from '../exit-codes.js';
import { note, out, printJson } from '../io.js';
import { qrBlock, qrJson, saveQr } from '../qr-display.js';
import { line, trusted } from '../terminal-text.js';
import type { Command } from './types.js';

/**
 * `sessions reconnect --all-disconnected [--include-error] [--concurrency N] [--out-dir DIR] [--show-qr]`:
 * the guide's Caso 3. Exit 0 when every session got a new QR (or there was none to reconnect), 13 when
 * some failed.
 */
export const reconnect: Command = async ({ hub, io, args, flags, signal }) => {
  if (!flags['all-disconnected'] || args.length > 0) {
    throw new UsageError(
      'Use "inbox-hub sessions reconnect --all-disconnected" to reconnect every disconnected session, or "inbox-hub sessions qr <sessionId>" for one.',
    );
  }
  const concurrency = flags.concurrency === undefined ? 4 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency must be a whole number >= 1, got "${flags.concurrency}".`);
  }
  const statuses: SessionStatus[] = flags['include-error'] ? ['disconnected', 'error'] : ['disconnected'];
  const results = await hub.reconnectDisconnected({ concurrency, statuses, signal });

  const rows = [];
  for (const result of results) {
    if (!result.ok) {
      rows.push({
        sessionId: result.sessionId,
        ok: false as const,
        error: { code: (result.error as { code?: string }).code, message: result.error.message },
      });
      continue;
    }
    const savedTo = flags['out-dir'] ? join(flags['out-dir'], `${result.sessionId}.png`) : undefined;
    if (savedTo) await saveQr(result.qr, savedTo);
    rows.push({ ok: true as const, ...qrJson(result.qr, result.sessionId), ...(savedTo ? { savedTo } : {}) });
  }
  const failed = rows.filter((r) => !r.ok).length;

  if (io.json) printJson(io, { total: rows.length, failed, results: rows });
  else if (rows.length === 0) out(io, line`No ${statuses.join(' or ')} sessions: nothing to reconnect.`);
  else {
    for (const [index, row] of rows.entries()) {
      if (!row.ok) {
        note(io, line`✗ ${row.sessionId}: ${row.error.message}`);
        continue;
      }
      out(
        io,
        line`✓ ${row.sessionId}: new QR, expires ${row.expiresAt}${row.savedTo ? `, saved to ${row.savedTo}` : ''}`,
      );
      const result = results[index];
      if (flags['show-qr'] && result?.ok) out(io, trusted(qrBlock(io, result.qr, result.sessionId).text));
    }
    out(io, line`Reconnected ${rows.length - failed} of ${rows.length} session(s).`);
  }
  return failed > 0 ? ExitCode.partialFailure : ExitCode.ok;
};
