import { TaskQueue } from './task-queue.js';
import { WaitTaskStore, type WaitTaskStoreOptions } from './task-store.js';

/** Options of {@link TaskSupport}: the store's limits and clock. */
export type TaskSupportOptions = Omit<WaitTaskStoreOptions, 'onForget'>;

/**
 * What running `wait_for_connection` as an MCP task takes: the task store and the queue of messages that
 * wait for `tasks/result`. Over a standing connection (stdio) each server has its own; stateless HTTP
 * shares one across the servers of all requests, since tasks/get and tasks/result arrive on new requests.
 */
export class TaskSupport {
  readonly store: WaitTaskStore;
  readonly queue: TaskQueue;
  readonly #work = new Map<string, Promise<void>>();

  constructor(options: TaskSupportOptions = {}) {
    this.queue = new TaskQueue();
    this.store = new WaitTaskStore({ ...options, onForget: (taskId) => this.queue.forget(taskId) });
  }

  /** Records the background work of a task, so {@link settled} can wait for it. */
  track(taskId: string, work: Promise<void>): void {
    const settled = work.finally(() => this.#work.delete(taskId));
    this.#work.set(taskId, settled);
  }

  /** Resolves once the work of `taskId` has stopped (at once when none runs). */
  settled(taskId: string): Promise<void> {
    return this.#work.get(taskId) ?? Promise.resolve();
  }

  /** Stops every running task and forgets them (process shutdown); resolves once their work stopped. */
  async close(): Promise<void> {
    this.store.close();
    await Promise.all(this.#work.values());
  }
}
