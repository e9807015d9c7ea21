import { defineScenario } from '../harness/src/index.js';

/**
 * The scenario the bug-zoo benchmark runs: every fault family, tuned to expose
 * delivery bugs fast. A scenario costs about a second whatever it does (a
 * target to start, clients to connect, a final phase), so the weights favour
 * the cheap commands that each reach a different path of the server: a
 * database error at the insert (`emit-during` with `sqlite-unavailable`), a
 * crash at a failpoint, a client away with and without recovery, a lost ack,
 * bursts. Faults drawn at random times (`crash`, `restart`) are kept, rarely:
 * the targeted commands reach their paths for sure.
 */
export default defineScenario({
  name: 'zoo',
  description: 'network cuts, crashes at failpoints, restarts, database errors and reconnects, with bursts: finds the bug zoo fast',
  weights: { emit: 2, burst: 2, 'cut-ack-downstream': 2, inject: 1, 'emit-during': 5, 'crash-at-emit': 3, away: 4, heal: 3 },
  faults: ['sqlite-unavailable', 'latency', 'restart', 'crash', 'reset-peer'],
  faultWeights: { 'sqlite-unavailable': 8, latency: 3, restart: 1, crash: 1, 'reset-peer': 1 },
});
