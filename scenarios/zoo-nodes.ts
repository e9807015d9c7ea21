import { defineScenario } from '../harness/src/index.js';

/**
 * The scenario for the multi-node bug zoo: clients on different nodes send
 * while a node is cut from the adapter (the moment it starts: `emit-during`),
 * crashes or restarts, and clients move between nodes (a retry or a recovery
 * that lands on another node), with bursts and clients away. Against a
 * target with several nodes; on one node only the peer resets are left.
 */
export default defineScenario({
  name: 'zoo-nodes',
  description: 'clients on different nodes send while a node is cut from the adapter, crashes or restarts, and clients move between nodes',
  weights: { emit: 3, burst: 2, move: 3, 'emit-during': 3, inject: 2, away: 2, heal: 3 },
  faults: ['adapter-partition', 'adapter-down', 'node-crash', 'node-restart', 'reset-peer'],
  faultWeights: { 'adapter-partition': 4, 'adapter-down': 1, 'node-crash': 2, 'node-restart': 2, 'reset-peer': 1 },
});
