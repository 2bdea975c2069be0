/**
 * The messages a task holds for its requestor until it calls `tasks/result`, which delivers them on its
 * response stream before the result. Stateless HTTP has no other way to reach a client after the
 * `tools/call` that created the task has been answered, so a task's progress waits here. Implements the
 * SDK's `TaskMessageQueue`; bounded per task, and emptied when the task is forgotten.
 */
import type { QueuedMessage, TaskMessageQueue } from '@modelcontextprotocol/sdk/experimental/tasks';

/** Messages kept per task. Progress is the only kind queued; when full, the oldest note goes first. */
const DEFAULT_MAX_PER_TASK = 64;

/** A bounded in-memory {@link TaskMessageQueue}. */
export class TaskQueue implements TaskMessageQueue {
  readonly #queues = new Map<string, QueuedMessage[]>();
  readonly #maxPerTask: number;

  constructor(maxPerTask = DEFAULT_MAX_PER_TASK) {
    this.#maxPerTask = maxPerTask;
  }

  async enqueue(
    taskId: string,
    message: QueuedMessage,
    _sessionId?: string,
    maxSize?: number,
  ): Promise<void> {
    const queue = this.#queues.get(taskId) ?? [];
    queue.push(message);
    // Dropping the oldest keeps the progress values increasing, as the protocol requires.
    while (queue.length > Math.min(maxSize ?? this.#maxPerTask, this.#maxPerTask)) queue.shift();
    this.#queues.set(taskId, queue);
  }

  async dequeue(taskId: string): Promise<QueuedMessage | undefined> {
    const queue = this.#queues.get(taskId);
    const message = queue?.shift();
    if (queue?.length === 0) this.#queues.delete(taskId);
    return message;
  }

  async dequeueAll(taskId: string): Promise<QueuedMessage[]> {
    const queue = this.#queues.get(taskId) ?? [];
    this.#queues.delete(taskId);
    return queue;
  }

  /** Drops whatever a forgotten task still held. */
  forget(taskId: string): void {
    this.#queues.delete(taskId);
  }

  /** How many tasks hold messages. */
  get size(): number {
    return this.#queues.size;
  }
}
