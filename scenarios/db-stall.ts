import { defineScenario } from '../harness/src/index.js';

/** The database is locked, slow, cut or unavailable for a while (the faults of the target's kind of store). */
export default defineScenario({
  name: 'db-stall',
  description: "the server's database is locked, slow, cut or unavailable for a while",
  weights: { emit: 4, burst: 1, inject: 2, heal: 1, wait: 2 },
  // The database faults of the target's kind of store: SQLite stalls, or PostgreSQL behind its own proxy.
  families: ['database'],
});
