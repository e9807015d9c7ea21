import { defineScenario } from '../harness/src/index.js';

/** Every command and every fault against the reference server, on any transport. */
export default defineScenario({
  name: 'everything',
  description: 'every fault of the library at random: network, process, database and client faults',
  weights: {
    emit: 4,
    burst: 1,
    'cut-upstream-mid-emit': 1,
    'cut-ack-downstream': 1,
    'reset-peer': 1,
    inject: 4,
    heal: 2,
    wait: 2,
  },
  faults: [
    'latency', 'bandwidth', 'slow-close', 'timeout', 'reset-peer', 'slicer', 'limit-data', 'down',
    'crash', 'restart', 'pause', 'crash-at', 'sqlite-stall', 'sqlite-unavailable',
    'client-reconnect', 'client-leave',
  ],
  transport: 'any',
});
