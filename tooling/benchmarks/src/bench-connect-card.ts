import { InboxHub } from '@inbox-hub/client';
import { createServer, type ServerDeps } from '@inbox-hub/mcp-server';
import { startSandbox } from '@inbox-hub/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { BenchResult } from './result.js';

const SCAN_AFTER_MS = 90_000;
const SESSION = 'bench_card';
const PHONE = '34612345678';
// The card's own cadence (src/ui/card/main.ts in the MCP server): a read every 3 s while it waits, and
// one at once when the shown QR expires.
const CARD_POLL_MS = 3_000;
const CARD_REFRESH_MS = 1_000;
const MAX_STEPS = 50;
const UI_CAPABILITY = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

/**
 * Virtual time shared by the sandbox, the server and `wait_for_connection`: a sleep moves the clock at
 * once, and the phone scans the moment the clock passes 90 s. So a 90 s scenario runs in well under a
 * second and every run counts the same calls.
 */
class VirtualTime {
  now: number;
  #pending: Array<{ at: number; run: () => void }> = [];

  constructor(start: number) {
    this.now = start;
  }

  at(when: number, run: () => void): void {
    this.#pending.push({ at: when, run });
  }

  readonly clock = {
    now: () => this.now,
    sleep: async (ms: number) => this.advance(ms),
  };

  advance(ms: number): void {
    const target = this.now + Math.max(0, ms);
    for (const event of this.#pending.filter((e) => e.at <= target).sort((a, b) => a.at - b.at)) {
      this.now = Math.max(this.now, event.at);
      event.run();
    }
    this.#pending = this.#pending.filter((e) => e.at > target);
    this.now = target;
  }
}

/** Width × height of a PNG, from its IHDR chunk. */
function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, 'base64');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * The tokens a model reads in a tool result: each text block through o200k_base (a real BPE tokenizer),
 * each image as width × height / 750 (Anthropic's published estimate for image input).
 */
function tokensOf(result: CallToolResult): number {
  let tokens = 0;
  for (const block of result.content) {
    if (block.type === 'text') tokens += countTokens(block.text);
    if (block.type === 'image') {
      const { width, height } = pngSize(block.data);
      tokens += Math.ceil((width * height) / 750);
    }
  }
  return tokens;
}

interface Run {
  calls: string[];
  tokens: number;
  appCalls: number;
  images: number;
  connected: boolean;
}

/**
 * One connection, start to scan, with a scripted "model": it calls setup_session, reads each result, and
 * calls the first tool its `nextStep` names (with the session id), until a next step names none. With the
 * card, a scripted card then does what the real one does: card_state on its cadence until connected.
 */
async function connectOnce(withCard: boolean): Promise<Run> {
  const time = new VirtualTime(Date.parse('2025-10-14T09:30:00.000Z'));
  const sandbox = await startSandbox({ clock: { now: () => time.now }, rateLimit: false });
  const hub = new InboxHub({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, maxRetries: 0 });
  const deps: ServerDeps = {
    hub,
    secrets: [sandbox.apiKey],
    now: () => time.now,
    wait: { pollIntervalMs: 2_000, maxPollIntervalMs: 6_000, clock: time.clock },
  };
  const server = createServer(deps);
  const client = new Client(
    { name: 'bench-scripted-model', version: '1.0.0' },
    withCard ? { capabilities: UI_CAPABILITY } : undefined,
  );
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  time.at(time.now + SCAN_AFTER_MS, () => sandbox.phone.scan({ sessionId: SESSION }));
  try {
    const { tools } = await client.listTools();
    // What the model sees: app-only tools are for the card, and hosts never show them to the model.
    const modelTools = tools
      .filter(
        (t) => !(t._meta?.ui as { visibility?: string[] } | undefined)?.visibility?.every((v) => v === 'app'),
      )
      .map((t) => t.name);
    const run: Run = { calls: [], tokens: 0, appCalls: 0, images: 0, connected: false };
    let next: { name: string; arguments: Record<string, unknown> } | undefined = {
      name: 'setup_session',
      arguments: { sessionId: SESSION, phoneNumber: PHONE },
    };
    while (next && run.calls.length < MAX_STEPS) {
      const result = (await client.callTool(next)) as CallToolResult;
      run.calls.push(next.name);
      run.tokens += tokensOf(result);
      run.images += result.content.filter((block) => block.type === 'image').length;
      const out = result.structuredContent as { nextStep?: string; outcome?: string } | undefined;
      if (out?.outcome === 'connected') run.connected = true;
      const named = firstToolNamed(out?.nextStep ?? '', modelTools);
      next = named ? { name: named, arguments: { sessionId: SESSION } } : undefined;
    }
    if (withCard) {
      while (!run.connected && run.appCalls < MAX_STEPS) {
        const state = (await client.callTool({
          name: 'card_state',
          arguments: { sessionId: SESSION },
        })) as CallToolResult;
        run.appCalls++;
        const out = state.structuredContent as { status: string; qr?: { expiresInSeconds: number } };
        if (out.status === 'connected') run.connected = true;
        else if (out.status !== 'pending') throw new Error(`the session went ${out.status}`);
        else {
          const left = (out.qr?.expiresInSeconds ?? 0) * 1000;
          time.advance(left > 0 ? Math.min(CARD_POLL_MS, left) : CARD_REFRESH_MS);
        }
      }
    }
    if (!run.connected)
      throw new Error(`${withCard ? 'with' : 'without'} the card, the session never connected`);
    return run;
  } finally {
    await client.close();
    await server.close();
    await sandbox.close();
  }
}

function firstToolNamed(text: string, names: readonly string[]): string | undefined {
  let best: { name: string; index: number } | undefined;
  for (const name of names) {
    const index = text.search(new RegExp(`\\b${name}\\b`));
    if (index >= 0 && (best === undefined || index < best.index)) best = { name, index };
  }
  return best?.name;
}

/**
 * #11: the model calls and tokens spent to connect a number when the phone scans after 90 s (two QR
 * rotations), with the connect card (a client that renders MCP Apps) and without it (today's image +
 * `wait_for_connection` loop), each followed by a scripted model that does what the `nextStep`s say.
 */
export async function benchConnectCard(): Promise<BenchResult> {
  const without = await connectOnce(false);
  const withCard = await connectOnce(true);
  const sequence = (run: Run) => run.calls.join(' → ');
  return {
    id: 11,
    what: 'model tool calls and tokens to connect a number when the phone scans after 90 s (two QR rotations), scripted model following nextStep',
    baseline: `without the card: ${without.calls.length} calls (${sequence(without)}), ${without.tokens} tokens, ${without.images} QR images`,
    ours: `with the card: ${withCard.calls.length} call (${sequence(withCard)}), ${withCard.tokens} tokens, ${withCard.images} images; the card made ${withCard.appCalls} app-only card_state calls the model never reads`,
    ratio: `calls ${(withCard.calls.length / without.calls.length).toFixed(2)}×, tokens ${(withCard.tokens / without.tokens).toFixed(2)}×`,
    goal: 'with the card, one tool call',
    met: withCard.calls.length === 1,
    notes:
      "Tokens are what the model reads in tool results: text blocks counted with gpt-tokenizer (o200k_base, a real BPE tokenizer; Claude's differs a little), QR images as width × height / 750 (Anthropic's published estimate). The run uses virtual time shared by the sandbox, the server and wait_for_connection (default 45 s timeout), so the 90 s scenario is exact and repeatable; the scripted card reads card_state every 3 s and at once when a QR expires, as the real card does.",
  };
}
