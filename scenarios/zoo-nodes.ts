import { defineScenario } from '../harness/src/index.js';

/**
 * The scenario the multi-node bug zoo runs (`bench:zoo` on a target of
 * several nodes): like `zoo` for one process, the commands that each reach a
 * path only a deployment of nodes has, at about the cost of any scenario
 * (nodes to start, a final phase). A message sent the moment a node is cut
 * from the adapter or goes down (`emit-during`: a broadcast that never
 * crosses, a retry that lands on another node); a node that dies between its
 * insert and its ack or broadcast (`crash-at-emit`: the retry fails over, and
 * the restarted node starts from nothing it kept in memory); clients moved
 * between nodes and sent away while the others send (recovery across nodes);
 * emits and bursts from clients on different nodes; waits, so that a fault
 * lasts: a node cut from Redis learns of it when ioredis's reconnect is
 * refused, and a cut healed within a few hundred ms went unnoticed (no
 * adapter error, so no-adapter-error-listener's node lived: measured). Node
 * pauses and adapter latency are kept, rarely: they cost heartbeats and
 * mostly delay.
 */
export default defineScenario({
  name: 'zoo-nodes',
  description: 'nodes crashed at a failpoint, killed or restarted, cut from the adapter, clients moved and sent away, with emits from every node: finds the multi-node bug zoo fast',
  weights: { emit: 2, burst: 2, inject: 2, 'emit-during': 4, 'crash-at-emit': 3, away: 2, move: 2, heal: 2, wait: 3 },
  // On one node only the peer resets are left (node and adapter faults need nodes).
  faults: ['adapter-partition', 'adapter-down', 'adapter-latency', 'node-crash', 'node-restart', 'node-pause', 'reset-peer'],
  faultWeights: { 'adapter-partition': 4, 'adapter-down': 2, 'adapter-latency': 1, 'node-crash': 3, 'node-restart': 3, 'node-pause': 1, 'reset-peer': 1 },
});
