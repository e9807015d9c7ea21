import { defineScenario } from '../harness/src/index.js';

/** The server stores the message, the ack never reaches the client, the client retries. */
export default defineScenario({
  name: 'ack-lost',
  description: 'the server stores a message but the ack never reaches the client, so the client retries',
  weights: { emit: 3, 'cut-ack-downstream': 3, heal: 1, wait: 1 },
});
