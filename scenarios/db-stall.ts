import { defineScenario } from '../harness/src/index.js';

/** The database is locked or unavailable for a while. */
export default defineScenario({
  name: 'db-stall',
  description: "the server's database is locked by another writer or unavailable for a while",
  weights: { emit: 4, burst: 1, inject: 2, heal: 1, wait: 2 },
  faults: ['sqlite-stall', 'sqlite-unavailable'],
});
