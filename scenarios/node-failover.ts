import { defineScenario } from '../harness/src/index.js';

/**
 * A multi-node target loses nodes while clients send: a node killed, restarted
 * or frozen (its clients fail over to live nodes and reconnect there), and
 * clients moved between nodes by the load balancer. Every client, whatever
 * node it ends on, must still get every stored message once, in order.
 */
export default defineScenario({
  name: 'node-failover',
  description: 'nodes killed, restarted or frozen while clients send; their clients fail over, and clients are moved between nodes',
  weights: { emit: 4, burst: 1, inject: 3, move: 2, heal: 2, wait: 2 },
  // node-crash, node-restart, node-pause: only against a target with several nodes.
  families: ['node'],
});
