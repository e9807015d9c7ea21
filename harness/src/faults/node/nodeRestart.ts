import { exclusive } from '../process/exclusive.js';
import { msParam } from '../process/msParam.js';
import { PendingRestart } from '../process/PendingRestart.js';
import { nodeProcessFault } from './nodeFault.js';

/**
 * `node-restart`: SIGTERM one node and wait until it has shut down gracefully
 * (it closes its connections; the balancer fails its clients over), then
 * start it again after `delay` ms, or at heal if that comes first.
 *
 * @example
 * await injector.inject(nodeRestart, { node: 0, delay: 200 }, []);
 */
export const nodeRestart = nodeProcessFault({
  name: 'node-restart',
  summary: 'stop one node gracefully (SIGTERM), its clients fail over, start it again after delay ms',
  node: 'the node to restart',
  params: { delay: msParam('how long the node stays down before it starts again', 500, [0, 2000]) },
  describe: (params) => `restart node n${params.node} gracefully (SIGTERM), down for ${params.delay} ms`,
  async inject(context, { process }, params) {
    await exclusive(process, () => process.terminate());
    await context.balancer?.checkNodes();
    const start = new PendingRestart(process, Number(params.delay));
    return { heal: () => start.now() };
  },
});
