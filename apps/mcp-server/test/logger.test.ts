import { canary } from '@inbox-hub/contract-testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createRedactor } from '../src/redact.js';

describe('logger', () => {
  it('writes one redacted line per event at or above its level', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      redactor: createRedactor([canary.apiKey]),
      write: (line) => lines.push(line),
    });
    logger.debug('hidden');
    logger.info(`using ${canary.apiKey}`, { key: canary.apiKey });
    logger.error('failed');
    expect(lines).toEqual([
      '[inbox-hub-mcp] info: using [redacted] {"key":"[redacted]"}\n',
      '[inbox-hub-mcp] error: failed\n',
    ]);
  });

  it('says nothing when silent', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'silent',
      redactor: createRedactor([]),
      write: (l) => lines.push(l),
    });
    logger.error('x');
    expect(lines).toEqual([]);
  });
});
