import { defineScenario } from '../harness/src/index.js';

/** What real clients send that a handler must survive, between ordinary messages. */
export default defineScenario({
  name: 'robustness',
  description:
    'clients send what a handler must survive (no ack function, a missing or non-string client offset, wrong types, an oversized payload, unknown events) between ordinary messages',
  weights: { emit: 2, robustness: 3, wait: 1 },
});
