/**
 * The switch bench:cost uses to measure the scenario-cost cuts side by side
 * (harness/src/util/legacySetup.ts; the harness passes its environment on to
 * the servers it starts). Not a user setting: it may go away with the old paths.
 */
const LEGACY_SCENARIO_SETUP_ENV = 'SIOCHAOS_LEGACY_SCENARIO_SETUP';

/**
 * With `SIOCHAOS_LEGACY_SCENARIO_SETUP=1`, imports every backend's packages
 * (ioredis, pg, the four Socket.IO adapters) at start, as the server did before
 * they were imported only where an adapter or the PostgreSQL store is made;
 * otherwise does nothing.
 *
 * @example
 * await legacyEagerImports(); // before the server starts
 */
export async function legacyEagerImports(): Promise<void> {
  if (process.env[LEGACY_SCENARIO_SETUP_ENV] !== '1') return;
  await Promise.all([
    import('ioredis'),
    import('pg'),
    import('@socket.io/redis-adapter'),
    import('@socket.io/redis-streams-adapter'),
    import('@socket.io/postgres-adapter'),
    import('@socket.io/cluster-adapter'),
  ]);
}
