import { defineScenario } from '../harness/src/index.js';

/** Every network fault Toxiproxy has, on every transport. */
export default defineScenario({
  name: 'flaky-network',
  description: 'latency, slow and sliced links, blackholes, resets and proxies going down, on any transport',
  weights: { emit: 4, burst: 1, inject: 3, heal: 1, wait: 2 },
  families: ['network'],
  transport: 'any',
});
