/**
 * Runs the chosen operation once per input item. Per-item failures are either thrown (stopping the
 * workflow) or, with continueOnFail, turned into an error item paired with its input.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { toNodeError } from '../helpers/errors';
import { errorItem } from '../helpers/output';
import * as session from './session/Session.resource';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
  session: {
    connect: session.connect.execute,
    create: session.create.execute,
    disconnect: session.disconnect.execute,
    getAll: session.getAll.execute,
    getQrCode: session.getQrCode.execute,
    getStatus: session.getStatus.execute,
    setup: session.setup.execute,
  },
};

/** The node's execute(): dispatches to `<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const resource = this.getNodeParameter('resource', 0) as string;
  const operation = this.getNodeParameter('operation', 0) as string;
  const run = operations[resource]?.[operation];
  if (!run) {
    throw new NodeOperationError(
      this.getNode(),
      `The operation "${operation}" of "${resource}" is not supported.`,
    );
  }

  const output: INodeExecutionData[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      output.push(...(await run.call(this, itemIndex)));
    } catch (error) {
      const nodeError = toNodeError(this.getNode(), error, itemIndex);
      if (this.continueOnFail()) {
        output.push(errorItem(nodeError, itemIndex));
        continue;
      }
      throw nodeError;
    }
  }
  return [output];
}
