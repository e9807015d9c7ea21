import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';

/**
 * The indices of every proxy of a pool: a database's or an adapter's, one per
 * node of a multi-node target (index = node), one for a single process.
 *
 * @example
 * everyProxy(target.database.proxy()); // [0, 1, 2] for three nodes
 */
export function everyProxy(pool: ProxyPool): number[] {
  return Array.from({ length: pool.size }, (_, index) => index);
}
