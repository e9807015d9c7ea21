import createDebug from 'debug';
import { nodeProcessFault } from './nodeFault.js';

const debug = createDebug('siochaos:faults:node');

/**
 * `node-pause`: freeze one node with SIGSTOP until healed (then SIGCONT).
 * Its sockets stay open but silent and its process still runs, so a balancer
 * that checks processes keeps its clients there: they notice only when their
 * heartbeat expires, and reconnect to the same frozen node. The other nodes
 * keep going (their adapter messages to it pile up).
 *
 * @example
 * await injector.inject(nodePause, { node: 2 }, []);
 */
export const nodePause = nodeProcessFault({
  name: 'node-pause',
  summary: 'freeze one node (SIGSTOP) until healed, then SIGCONT',
  node: 'the node to freeze',
  describe: (params) => `freeze node n${params.node} (SIGSTOP) until healed`,
  async inject(_context, { node, process }) {
    if (!process.isRunning()) {
      throw new Error(`fault node-pause: node ${node.name} is not running, so there is nothing to freeze: heal the fault that stopped it first`);
    }
    process.signal('SIGSTOP');
    debug('SIGSTOP %s (pid %d)', node.name, process.pid());
    // A node restarted meanwhile is not stopped; SIGCONT does it no harm.
    return { heal: async () => process.signal('SIGCONT') };
  },
});
