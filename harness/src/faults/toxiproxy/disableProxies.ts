import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';
import type { ActiveFault } from '../Fault.js';

/**
 * Disables the proxies at `indices` of a pool (listeners closed, live
 * connections cut, new ones refused) until healed: a database or an adapter
 * backend gone for those nodes.
 *
 * @example
 * const active = await disableProxies(target.adapter.proxies(), [1]); // n1 cut from Redis
 * await active.heal();
 */
export async function disableProxies(proxies: ProxyPool, indices: readonly number[]): Promise<ActiveFault> {
  await Promise.all(indices.map((index) => proxies.setEnabled(index, false)));
  return { heal: () => Promise.all(indices.map((index) => proxies.setEnabled(index, true))).then(() => undefined) };
}
