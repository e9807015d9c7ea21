import type { Fault } from '../Fault.js';
import { exclusive } from '../process/exclusive.js';
import { msParam } from '../process/msParam.js';
import { PendingRestart } from '../process/PendingRestart.js';
import { nodeParam } from './nodeParam.js';
import { nodesUnavailable, targetNodeOf } from './targetNodeOf.js';

/**
 * `node-restart`: SIGTERM one node and wait until it has shut down gracefully
 * (it closes its connections; the balancer fails its clients over), then
 * start it again after `delay` ms, or at heal if that comes first.
 *
 * @example
 * await injector.inject(nodeRestart, { node: 0, delay: 200 }, []);
 */
export const nodeRestart: Fault = {
  name: 'node-restart',
  kind: 'node',
  summary: 'stop one node gracefully (SIGTERM), its clients fail over, start it again after delay ms',
  params: {
    node: nodeParam('the node to restart'),
    delay: msParam('how long the node stays down before it starts again', 500, [0, 2000]),
  },
  scope: 'target',
  describe: (params) => `restart node n${params.node} gracefully (SIGTERM), down for ${params.delay} ms`,
  unavailableReason: (context) => nodesUnavailable('node-restart', context.target),
  async inject(context, params) {
    const { process } = targetNodeOf('node-restart', context.target, Number(params.node));
    await exclusive(process, () => process.terminate());
    await context.balancer?.checkNodes();
    const start = new PendingRestart(process, Number(params.delay));
    return { heal: () => start.now() };
  },
};
