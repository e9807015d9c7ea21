import { defineScenario } from '../harness/src/index.js';

/**
 * The adapter between the nodes fails: one node cut from Redis (or from the
 * PostgreSQL adapter's channel), its adapter traffic slowed, or the backend
 * gone for every node, while clients on different nodes send (`emit-during`
 * sends the moment the fault starts). A broadcast that crosses nodes through
 * the adapter is what such faults lose, so clients are also moved between
 * nodes to land them on the other side of a cut.
 */
export default defineScenario({
  name: 'adapter-partition',
  description: "a node cut from the adapter's backend, its adapter traffic slowed, or the backend down for every node, while clients on different nodes send",
  weights: { emit: 4, burst: 2, inject: 2, 'emit-during': 2, move: 1, heal: 2, wait: 2 },
  // adapter-partition, adapter-latency, adapter-down: only where each node reaches the adapter through a proxy.
  families: ['adapter'],
});
