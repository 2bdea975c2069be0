/**
 * The fault matrix for the node's operations inside a real n8n: one workflow, one Inbox Hub node per
 * cell, each with its own credential whose base URL routes it to its own fault on the fault server in
 * front of the sandbox. Every node has Continue On Fail, so one execution shows every cell: a transient
 * fault applied once must be absorbed (the node's items come out), a fault on every attempt must end in
 * an error item with a sentence, never a crash or a hang.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  FAULTS,
  type Fault,
  type FaultServer,
  importJson,
  itemsOf,
  type MatrixCell,
  manualWorkflow,
  type N8nHome,
  parseRun,
  runN8n,
  shouldRecover,
  startFaultServer,
  writeReport,
} from '@inbox-hub/contract-testing';
import { type RunningSandbox, startSandbox } from '@inbox-hub/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { extensionHome } from './harness.mjs';
import { packAndExtract } from './pack.mjs';
import { NODE } from './workflows.mjs';

interface Cell {
  fault: Fault;
  mode: 'once' | 'every attempt';
}
const cells: Cell[] = (['once', 'every attempt'] as const).flatMap((mode) =>
  FAULTS.map((fault) => ({ fault, mode })),
);
const expectFor = ({ fault, mode }: Cell) => (shouldRecover(fault, mode) ? 'items' : 'error item');
const nodeName = (i: number) => `Cell ${i}`;

let sandbox: RunningSandbox;
let faults: FaultServer;
let home: N8nHome;
let packDir: string | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  // One session, so a Get Many that got through has an item to show.
  await fetch(`${sandbox.url}/api/sessions`, {
    method: 'POST',
    headers: { 'X-API-Key': sandbox.account.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId: 'fault_seed' }),
  });
  const faulted = new Set<number>();
  faults = await startFaultServer({
    upstream: sandbox.url,
    retryAfterSeconds: 0,
    slowBodyMs: 600,
    rewritePath: (path) => path.replace(/^\/cell\/\d+/, ''),
  });
  faults.plan(({ method, path }) => {
    const match = /^\/cell\/(\d+)(\/.*)$/.exec(path);
    const cell = match ? cells[Number(match[1])] : undefined;
    if (!match || !cell) return undefined;
    // The token cell faults the create, not its login; the others fault the list.
    const target =
      cell.fault === 'token-expired-401' ? method === 'POST' && match[2] === '/api/sessions' : true;
    if (!target) return undefined;
    if (cell.mode === 'once') {
      if (faulted.has(Number(match[1]))) return undefined;
      faulted.add(Number(match[1]));
    }
    return cell.fault;
  });
  const packed = await packAndExtract();
  packDir = dirname(packed.tarball);
  home = await extensionHome(packed.extracted);
  const { apiKey, email, password } = sandbox.account;
  await importJson(
    home,
    'credentials',
    'fault-credentials.json',
    cells.map((_, i) => ({
      id: `ihFaultCred${String(i).padStart(5, '0')}`,
      name: `Inbox Hub fault cell ${i}`,
      type: 'inboxHubApi',
      data: { baseUrl: `${faults.url}/cell/${i}`, apiKey, email, password },
    })),
  );
  await importJson(
    home,
    'workflow',
    'faults.json',
    manualWorkflow(
      'ihE2eFaults00001',
      'Inbox Hub e2e: fault matrix',
      cells.map((cell, i) => ({
        id: `cell${i}`,
        name: nodeName(i),
        type: NODE,
        typeVersion: 1,
        position: [300, i * 100],
        parameters:
          cell.fault === 'token-expired-401'
            ? { resource: 'session', operation: 'create', sessionId: `fault_cell_${i}` }
            : { resource: 'session', operation: 'getAll', returnAll: true },
        credentials: {
          inboxHubApi: { id: `ihFaultCred${String(i).padStart(5, '0')}`, name: `Inbox Hub fault cell ${i}` },
        },
        onError: 'continueRegularOutput',
      })),
    ),
  );
}, 300_000);

afterAll(async () => {
  await faults?.stop();
  await sandbox?.close();
  for (const dir of [home?.userFolder, packDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

it('every fault, once and on every attempt, ends as expected inside n8n', async () => {
  const result = await runN8n(home, ['execute', '--id=ihE2eFaults00001', '--rawOutput'], 280_000);
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  const run = parseRun(result.stdout);
  const report: MatrixCell[] = cells.map((cell, i) => {
    const items = itemsOf(run, nodeName(i));
    const error = items.find((item) => 'error' in item.json);
    const actual = items.length === 0 ? 'no items' : error ? 'error item' : 'items';
    return {
      surface: 'n8n in n8n',
      fault: cell.fault,
      mode: cell.mode,
      expected: expectFor(cell),
      actual,
      pass: actual === expectFor(cell),
    };
  });
  writeReport('faults-n8n-e2e', report);
  for (const [i, cell] of report.entries()) {
    expect(`${cell.mode} ${cell.fault}: ${cell.actual}`).toBe(`${cell.mode} ${cell.fault}: ${cell.expected}`);
    const error = itemsOf(run, nodeName(i)).find((item) => 'error' in item.json);
    if (error) expect(String(error.json.error)).toMatch(/^[A-Z]/);
  }
  // A recovered create made its session exactly once.
  const listed = await fetch(`${sandbox.url}/api/sessions`, {
    headers: { 'X-API-Key': sandbox.account.apiKey },
  });
  const { data } = (await listed.json()) as { data: { sessions: Array<{ sessionId: string }> } };
  const created = data.sessions.filter((s) => s.sessionId.startsWith('fault_cell_'));
  expect(created.map((s) => s.sessionId)).toEqual([
    `fault_cell_${cells.findIndex((c) => c.fault === 'token-expired-401')}`,
  ]);
}, 300_000);
