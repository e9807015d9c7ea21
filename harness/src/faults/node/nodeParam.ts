import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';
import type { ParamSpec } from '../Fault.js';

/**
 * The most nodes a fault's `node` parameter can name (`n0` to `n63`); the
 * fault checks it against the target's own count when injected.
 */
const MAX_NODE_INDEX = 63;

/**
 * The `node` parameter of a node or adapter fault: the index of the node it
 * hits (`n1` is 1). Generated scenarios draw it among the target's nodes
 * (without a target, among the first two, which every multi-node target has).
 *
 * @example
 * const params = { node: nodeParam('the node to kill') };
 */
export function nodeParam(description: string): ParamSpec {
  return { kind: 'number', default: 0, min: 0, max: MAX_NODE_INDEX, description, generate: [0, 1], node: true };
}

/**
 * Checks a node index against a pool with one proxy per node (the adapter's,
 * or the database's of a multi-node target).
 *
 * @throws Error naming the nodes the target has.
 * @example
 * nodeProxyIndex('adapter-partition', proxies, 1); // 1
 */
export function nodeProxyIndex(fault: string, proxies: ProxyPool, node: number): number {
  if (!Number.isInteger(node) || node < 0 || node >= proxies.size) {
    throw new Error(`fault ${fault}: there is no node ${node}: the target has ${proxies.size} (node 0 to ${proxies.size - 1})`);
  }
  return node;
}
