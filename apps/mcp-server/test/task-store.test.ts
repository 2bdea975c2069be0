/** The task store's own rules, on a clock of the test's: lifetimes, caps and ownership. */
import type { Request } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { WaitTaskStore } from '../src/tasks/task-store.js';

/** A `tools/call` as the SDK hands it to the store: with `task` when the requestor asked for one. */
function call(asTask: boolean): Request {
  return {
    method: 'tools/call',
    params: { name: 'wait_for_connection', arguments: {}, ...(asTask ? { task: {} } : {}) },
  };
}

describe('WaitTaskStore', () => {
  it('ends a task when its lifetime passes: its wait is aborted and its queue forgotten', async () => {
    let now = 0;
    const forgotten: string[] = [];
    const store = new WaitTaskStore({ now: () => now, onForget: (id) => forgotten.push(id) });
    const task = await store.createTask({ ttl: 120_000 }, 1, call(true));
    const signal = store.signal(task.taskId);
    now = 119_999;
    expect(await store.getTask(task.taskId)).toMatchObject({ status: 'working' });
    expect(signal.aborted).toBe(false);
    now = 120_000;
    expect(await store.getTask(task.taskId)).toBeNull();
    expect(signal.aborted).toBe(true);
    expect(forgotten).toEqual([task.taskId]);
  });

  it('grants a lifetime between one minute and maxTtlMs, and the default when none is asked', async () => {
    const store = new WaitTaskStore({ defaultTtlMs: 900_000, maxTtlMs: 3_600_000 });
    const ttl = async (asked: number | undefined) =>
      (await store.createTask({ ttl: asked }, 1, call(true))).ttl;
    expect(await ttl(1_000)).toBe(60_000);
    expect(await ttl(86_400_000)).toBe(3_600_000);
    expect(await ttl(undefined)).toBe(900_000);
    expect(store.defaultTtlMs).toBe(900_000);
  });

  it('keeps a task to the MCP session that created it', async () => {
    const store = new WaitTaskStore();
    const task = await store.createTask({}, 1, call(true), 'session-a');
    expect(await store.getTask(task.taskId, 'session-a')).not.toBeNull();
    expect(await store.getTask(task.taskId, 'session-b')).toBeNull();
    await expect(store.getTaskResult(task.taskId, 'session-b')).rejects.toThrow(/not found/);
  });

  it('caps running tasks, and makes room by forgetting finished ones, oldest first', async () => {
    const store = new WaitTaskStore({ maxRunning: 1, maxStored: 2 });
    const first = await store.createTask({}, 1, call(true));
    expect(store.admit(first.taskId)).toBe(true);
    const second = await store.createTask({}, 2, call(true));
    expect(store.admit(second.taskId)).toBe(false);
    // Both kept and both running: no room for a third.
    await expect(store.createTask({}, 3, call(true))).rejects.toThrow(/Too many tasks/);
    store.finish(first.taskId, { content: [] });
    const third = await store.createTask({}, 3, call(true));
    expect(await store.getTask(first.taskId)).toBeNull();
    expect(await store.getTask(second.taskId)).not.toBeNull();
    expect(await store.getTask(third.taskId)).not.toBeNull();
  });

  it("forgets a plain call's task once its result is read, and keeps a requested one", async () => {
    const store = new WaitTaskStore();
    const plain = await store.createTask({}, 1, call(false));
    const asked = await store.createTask({}, 2, call(true));
    for (const { taskId } of [plain, asked]) store.finish(taskId, { content: [] });
    await store.getTaskResult(plain.taskId);
    await store.getTaskResult(asked.taskId);
    expect(await store.getTask(plain.taskId)).toBeNull();
    expect(await store.getTask(asked.taskId)).toMatchObject({ status: 'completed' });
  });
});
