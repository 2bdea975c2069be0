import type { InboxHub } from '@inbox-hub/client';
import type { z } from 'zod';
import type { ConnectLinkApi } from '../connect-links.js';
import type { SessionMemory } from '../session-memory.js';
import type { ToolName } from './names.js';

/**
 * The four MCP tool annotations. All four are required here, so no tool leaves a client guessing
 * (the MCP defaults for a missing hint are the unsafe ones: not read-only, destructive, open world).
 */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** What a tool gets besides its arguments: the per-call signal and a progress reporter. */
export interface ToolContext {
  /** Aborted when the client cancels the call or disconnects. */
  signal: AbortSignal;
  /** Sends a progress notification when the caller asked for them (a no-op otherwise). */
  progress(update: { progress: number; total?: number; message?: string }): Promise<void>;
}

/** Everything tools share, built once by `createServer`. */
export interface ToolDeps {
  /** The Inbox Hub client; every API call goes through it. */
  hub: InboxHub;
  /** Expected phone numbers and the last QR shown, per session. */
  memory: SessionMemory;
  /** Poll intervals of `wait_for_connection`, in ms, and the clock it sleeps on (virtual in benchmarks). */
  wait: { pollIntervalMs: number; maxPollIntervalMs: number; clock?: WaitClock | undefined };
  /** The clock, for seconds-left figures. */
  now(): number;
  /** The dashboard's connect-link API, when configured (`create_connect_link` needs it). */
  connectLinks?: ConnectLinkApi | undefined;
  /**
   * Whether this client renders the connect card (MCP Apps). Set once the client has said so, read on
   * every call: with the card on screen the QR tools leave the QR to it and say so in their next step.
   */
  card: { readonly active: boolean };
}

/** A clock `wait_for_connection` reads and sleeps on. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** An optional service a tool needs; without it the tool is not offered. */
export type ToolRequirement = 'connectLinks';

/** A tool's successful result: its structured content and, for QR tools, a PNG to show. */
export interface ToolResult<Out> {
  structured: Out;
  image?: { data: string; mimeType: 'image/png' };
}

/** One tool, typed by its input and output shapes. SDK-free: `server.ts` wires it into MCP. */
export interface ToolSpec<In extends z.ZodRawShape, Out extends z.ZodRawShape> {
  name: ToolName;
  title: string;
  /** Written for a model: when to use the tool and what to do next. */
  description: string;
  inputSchema: In;
  outputSchema: Out;
  annotations: ToolAnnotations;
  /** Offer the tool only when this service is configured. */
  requires?: ToolRequirement;
  /** `optional`: a client may run it as an MCP task (for long waits); plain calls work as usual. */
  taskSupport?: 'optional';
  run(
    args: z.output<z.ZodObject<In>>,
    deps: ToolDeps,
    ctx: ToolContext,
  ): Promise<ToolResult<z.input<z.ZodObject<Out>>>>;
}

/** A tool with its types erased, as the registry holds it. */
export interface Tool {
  readonly name: ToolName;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: z.ZodRawShape;
  readonly outputSchema: z.ZodRawShape;
  readonly annotations: ToolAnnotations;
  readonly requires?: ToolRequirement;
  readonly taskSupport?: 'optional';
  run(
    args: Record<string, unknown>,
    deps: ToolDeps,
    ctx: ToolContext,
  ): Promise<ToolResult<Record<string, unknown>>>;
}

/** Declares a tool, checking its handler against its schemas, and erases the types for the registry. */
export function defineTool<In extends z.ZodRawShape, Out extends z.ZodRawShape>(
  spec: ToolSpec<In, Out>,
): Tool {
  return spec as unknown as Tool;
}
