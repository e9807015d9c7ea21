import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';
import type { ActiveFault } from '../Fault.js';
import { nodeProxyIndex } from '../node/nodeParam.js';

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

/**
 * Disables node `node`'s proxy of a pool with one proxy per node (the
 * adapter's, or the database's of a multi-node target) until healed.
 *
 * @throws Error naming the nodes the pool has, when it has no such node.
 * @example
 * const active = await disableNodeProxy('adapter-partition', target.adapter.proxies(), 1);
 */
export function disableNodeProxy(fault: string, proxies: ProxyPool, node: number): Promise<ActiveFault> {
  return disableProxies(proxies, [nodeProxyIndex(fault, proxies, node)]);
}
