import { defineScenario } from '../harness/src/index.js';

/**
 * Every command and every fault the target can take, with robustness probes,
 * on any transport. Against a target with several nodes, node and adapter
 * faults and moves between nodes too (a single-node target draws exactly what
 * it drew before they existed).
 */
export default defineScenario({
  name: 'everything',
  description: 'every fault the target can take, at random: network, process, database and client faults, and node and adapter faults on several nodes',
  weights: {
    emit: 4,
    burst: 1,
    'cut-upstream-mid-emit': 1,
    'cut-ack-downstream': 1,
    'reset-peer': 1,
    inject: 4,
    robustness: 1,
    heal: 2,
    wait: 2,
    move: 1,
  },
  // Every fault of every family that the target can take: the database faults of its kind of
  // store, process faults where siochaos owns the process, crash-at where it has failpoints,
  // node and adapter faults where it runs several nodes.
  families: ['network', 'process', 'database', 'client', 'node', 'adapter'],
  transport: 'any',
});
