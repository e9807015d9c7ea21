import type { Fault } from '../Fault.js';
import { ensureRunning, exclusive } from '../process/exclusive.js';
import { nodeParam } from './nodeParam.js';
import { nodesUnavailable, targetNodeOf } from './targetNodeOf.js';

/**
 * `node-crash`: SIGKILL one node of a multi-node target, the others left
 * running. The node stays down until healed, then starts again on its port.
 * The balancer fails its clients over to live nodes at once (they reconnect
 * there: `client-moved`, cause `failover`).
 *
 * @example
 * await injector.inject(nodeCrash, { node: 1 }, []);
 */
export const nodeCrash: Fault = {
  name: 'node-crash',
  kind: 'node',
  summary: 'SIGKILL one node alone; its clients fail over; it starts again when healed',
  params: { node: nodeParam('the node to kill') },
  scope: 'target',
  describe: (params) => `kill node n${params.node} (SIGKILL) until healed`,
  unavailableReason: (context) => nodesUnavailable('node-crash', context.target),
  async inject(context, params) {
    const { process } = targetNodeOf('node-crash', context.target, Number(params.node));
    await exclusive(process, () => process.crash());
    await context.balancer?.checkNodes();
    return { heal: () => ensureRunning(process) };
  },
};
