import { defineScenario } from '../harness/src/index.js';

/** The server process crashes, restarts or freezes while clients send. */
export default defineScenario({
  name: 'server-crash',
  description: 'the server is killed, restarted, frozen, or crashes between the insert and the ack',
  weights: { emit: 4, burst: 1, inject: 2, heal: 1, wait: 2 },
  // crash-at only where the target has failpoints; none of them where siochaos does not own the process.
  families: ['process'],
});
