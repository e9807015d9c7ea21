import { defineScenario } from '../harness/src/index.js';

/** The scenario the bug-zoo benchmark runs: every fault family, tuned to expose delivery bugs fast. */
export default defineScenario({
  name: 'zoo',
  description: 'network cuts, crashes at failpoints, restarts, database errors and reconnects, with bursts: finds the bug zoo fast',
  weights: { emit: 3, burst: 2, 'cut-ack-downstream': 1, inject: 1, 'emit-during': 3, 'crash-at-emit': 2, away: 2, heal: 2 },
  faults: ['sqlite-unavailable', 'latency', 'restart', 'crash', 'reset-peer'],
  faultWeights: { 'sqlite-unavailable': 3, latency: 2 },
});
