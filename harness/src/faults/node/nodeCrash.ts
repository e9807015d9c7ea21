import { ensureRunning, exclusive } from '../process/exclusive.js';
import { nodeProcessFault } from './nodeFault.js';

/**
 * `node-crash`: SIGKILL one node of a multi-node target, the others left
 * running. The node stays down until healed, then starts again on its port.
 * The balancer fails its clients over to live nodes at once (they reconnect
 * there: `client-moved`, cause `failover`).
 *
 * @example
 * await injector.inject(nodeCrash, { node: 1 }, []);
 */
export const nodeCrash = nodeProcessFault({
  name: 'node-crash',
  summary: 'SIGKILL one node alone; its clients fail over; it starts again when healed',
  node: 'the node to kill',
  describe: (params) => `kill node n${params.node} (SIGKILL) until healed`,
  async inject(context, { process }) {
    await exclusive(process, () => process.crash());
    await context.balancer?.checkNodes();
    return { heal: () => ensureRunning(process) };
  },
});
