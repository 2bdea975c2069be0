/**
 * Where the tasks of `wait_for_connection` live while they run and after, until their `ttl` passes. It
 * implements the SDK's `TaskStore` (tasks/get, tasks/result, tasks/cancel read and write it) and adds
 * what a long wait needs: a cancel signal per task, a cap on running tasks and on stored ones, and
 * forgetting the tasks the SDK makes for plain calls as soon as their result was read.
 */
import { randomUUID } from 'node:crypto';
import { isTerminal, type TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';

/** Options of {@link WaitTaskStore}. */
export interface WaitTaskStoreOptions {
  /** How often requestors should poll tasks/get, in ms. Default 1 000. */
  pollIntervalMs?: number | undefined;
  /** A task's lifetime when the requestor asks for none, in ms. Default 15 minutes. */
  defaultTtlMs?: number | undefined;
  /** The longest lifetime granted, whatever the requestor asks, in ms. Default 1 hour. */
  maxTtlMs?: number | undefined;
  /** Requested tasks running at once; one more is refused. Default 32. */
  maxRunning?: number | undefined;
  /** Tasks kept at once, running or finished; the oldest finished ones go first. Default 500. */
  maxStored?: number | undefined;
  /** Called when a task is forgotten, so its queued messages go too. */
  onForget?: ((taskId: string) => void) | undefined;
  /** The clock. */
  now?: (() => number) | undefined;
}

interface Entry {
  task: Task;
  sessionId: string | undefined;
  /** The requestor asked for a task; false for the SDK's own task behind a plain `tools/call`. */
  requested: boolean;
  expiresAt: number;
  controller: AbortController;
  result?: Result;
}

const MIN_TTL_MS = 60_000;

/** The task store of the MCP server. One per standing connection, or one per process for stateless HTTP. */
export class WaitTaskStore implements TaskStore {
  readonly #entries = new Map<string, Entry>();
  readonly #pollIntervalMs: number;
  readonly #defaultTtlMs: number;
  readonly #maxTtlMs: number;
  readonly #maxRunning: number;
  readonly #maxStored: number;
  readonly #onForget: (taskId: string) => void;
  readonly #now: () => number;

  constructor(options: WaitTaskStoreOptions = {}) {
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#defaultTtlMs = options.defaultTtlMs ?? 15 * 60_000;
    this.#maxTtlMs = options.maxTtlMs ?? 60 * 60_000;
    this.#maxRunning = options.maxRunning ?? 32;
    this.#maxStored = options.maxStored ?? 500;
    this.#onForget = options.onForget ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  /** A task's lifetime when the requestor asks for none, in ms. */
  get defaultTtlMs(): number {
    return this.#defaultTtlMs;
  }

  /** How many tasks are kept, running or finished. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  async createTask(
    params: { ttl?: number | null; pollInterval?: number },
    _requestId: RequestId,
    request: Request,
    sessionId?: string,
  ): Promise<Task> {
    this.#sweep();
    // The request is not kept: the task needs none of it, and a stored copy is one more place for data.
    const requested = typeof request.params?.task === 'object' && request.params.task !== null;
    this.#makeRoom();
    const now = this.#now();
    const ttl = Math.min(Math.max(params.ttl ?? this.#defaultTtlMs, MIN_TTL_MS), this.#maxTtlMs);
    const task: Task = {
      taskId: randomUUID(),
      status: 'working',
      ttl,
      createdAt: new Date(now).toISOString(),
      lastUpdatedAt: new Date(now).toISOString(),
      pollInterval: params.pollInterval ?? this.#pollIntervalMs,
    };
    this.#entries.set(task.taskId, {
      task,
      sessionId,
      requested,
      expiresAt: now + ttl,
      controller: new AbortController(),
    });
    return { ...task };
  }

  async getTask(taskId: string, sessionId?: string): Promise<Task | null> {
    const entry = this.#find(taskId, sessionId);
    return entry ? { ...entry.task } : null;
  }

  async storeTaskResult(
    taskId: string,
    status: 'completed' | 'failed',
    result: Result,
    sessionId?: string,
  ): Promise<void> {
    const entry = this.#require(taskId, sessionId);
    if (isTerminal(entry.task.status)) {
      throw new Error(`Task ${taskId} is already ${entry.task.status}; its result cannot change.`);
    }
    entry.result = result;
    this.#set(entry, status);
  }

  async getTaskResult(taskId: string, sessionId?: string): Promise<Result> {
    const entry = this.#require(taskId, sessionId);
    if (entry.result === undefined) {
      throw new Error(
        entry.task.status === 'cancelled'
          ? `Task ${taskId} was cancelled, so it has no result. Call wait_for_connection again to wait on.`
          : `Task ${taskId} has no result yet.`,
      );
    }
    // Nobody but the SDK's own polling knows a plain call's task, and it reads the result once.
    if (!entry.requested) this.#forget(taskId);
    return entry.result;
  }

  async updateTaskStatus(
    taskId: string,
    status: Task['status'],
    statusMessage?: string,
    sessionId?: string,
  ): Promise<void> {
    const entry = this.#require(taskId, sessionId);
    if (isTerminal(entry.task.status)) {
      throw new Error(`Task ${taskId} is already ${entry.task.status}; it cannot become ${status}.`);
    }
    this.#set(entry, status, statusMessage);
    // tasks/cancel lands here: stop the work, not just the bookkeeping.
    if (status === 'cancelled') entry.controller.abort();
  }

  async listTasks(): Promise<{ tasks: Task[]; nextCursor?: string }> {
    // Not offered (no `tasks.list` capability): over stateless HTTP every client shares this store, and
    // a requestor needs no list, it has the taskId that tools/call returned.
    throw new Error('tasks/list is not offered: use the taskId that tools/call returned.');
  }

  /**
   * Whether a requested task may start its work: at most `maxRunning` run at once, since each one polls
   * the API until it ends. A task refused here should be finished at once with the reason.
   */
  admit(taskId: string): boolean {
    const others = [...this.#entries.entries()].filter(
      ([id, e]) => id !== taskId && e.requested && !isTerminal(e.task.status),
    );
    return others.length < this.#maxRunning;
  }

  /** Whether the requestor asked for this task (false for the task behind a plain call). */
  requested(taskId: string): boolean {
    return this.#entries.get(taskId)?.requested ?? false;
  }

  /** Aborted when the task is cancelled, forgotten, or the store closes. */
  signal(taskId: string): AbortSignal {
    return this.#entries.get(taskId)?.controller.signal ?? AbortSignal.abort();
  }

  /** Shows a running task's latest news in tasks/get (`statusMessage`); ignored once it finished. */
  note(taskId: string, statusMessage: string): void {
    const entry = this.#entries.get(taskId);
    if (entry && !isTerminal(entry.task.status)) this.#set(entry, entry.task.status, statusMessage);
  }

  /**
   * Records the outcome of a task's work: `failed` for an `isError` result (as the protocol says for tool
   * calls), `completed` otherwise. A task cancelled or forgotten meanwhile stays as it is.
   */
  finish(taskId: string, result: Result & { isError?: boolean }, failure?: string): void {
    const entry = this.#entries.get(taskId);
    if (!entry || isTerminal(entry.task.status)) return;
    entry.result = result;
    this.#set(entry, result.isError ? 'failed' : 'completed', result.isError ? failure : undefined);
  }

  /** Cancels the running tasks of a connection that closed; nobody is left to read them. */
  cancelAll(taskIds: Iterable<string>, reason: string): void {
    for (const taskId of taskIds) {
      const entry = this.#entries.get(taskId);
      if (entry && !isTerminal(entry.task.status)) {
        this.#set(entry, 'cancelled', reason);
        entry.controller.abort();
      }
    }
  }

  /** Stops every running task and forgets them all (process shutdown). */
  close(): void {
    for (const taskId of [...this.#entries.keys()]) this.#forget(taskId);
  }

  #set(entry: Entry, status: Task['status'], statusMessage?: string): void {
    entry.task.status = status;
    if (statusMessage !== undefined) entry.task.statusMessage = statusMessage;
    entry.task.lastUpdatedAt = new Date(this.#now()).toISOString();
  }

  #find(taskId: string, sessionId: string | undefined): Entry | undefined {
    this.#sweep();
    const entry = this.#entries.get(taskId);
    // A task belongs to the MCP session that created it (when the transport has sessions).
    if (entry && entry.sessionId !== undefined && entry.sessionId !== sessionId) return undefined;
    return entry;
  }

  #require(taskId: string, sessionId: string | undefined): Entry {
    const entry = this.#find(taskId, sessionId);
    if (!entry) throw new Error(`Task ${taskId} was not found; it may have expired.`);
    return entry;
  }

  /** Drops the tasks whose lifetime has passed, running or not (the protocol allows it). */
  #sweep(): void {
    const now = this.#now();
    for (const [taskId, entry] of this.#entries) if (entry.expiresAt <= now) this.#forget(taskId);
  }

  /** Keeps the store under its cap by forgetting the oldest finished tasks. */
  #makeRoom(): void {
    if (this.#entries.size < this.#maxStored) return;
    for (const [taskId, entry] of this.#entries) {
      if (this.#entries.size < this.#maxStored) return;
      if (isTerminal(entry.task.status)) this.#forget(taskId);
    }
    if (this.#entries.size >= this.#maxStored) {
      throw new Error('Too many tasks are kept right now. Try again in a few minutes.');
    }
  }

  #forget(taskId: string): void {
    const entry = this.#entries.get(taskId);
    if (!entry) return;
    this.#entries.delete(taskId);
    entry.controller.abort();
    this.#onForget(taskId);
  }
}
