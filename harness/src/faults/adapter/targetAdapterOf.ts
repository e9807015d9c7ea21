import type { Target } from '../../target/Target.js';
import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';

/**
 * Why an adapter fault cannot act on `target`, or undefined when it can: the
 * target must run nodes with an adapter whose backend each node reaches
 * through a proxy of its own (Redis, Redis Streams, PostgreSQL; not the
 * cluster adapter, whose nodes talk over IPC).
 *
 * @example
 * adapterUnavailable('adapter-down', target); // undefined for referenceServerTarget({ nodes: 3, adapter: 'redis', ... })
 */
export function adapterUnavailable(fault: string, target: Pick<Target, 'name' | 'nodes' | 'adapter'>): string | undefined {
  const adapter = target.adapter;
  if ((target.nodes?.length ?? 0) < 2 || !adapter) {
    return `fault ${fault} needs a target whose nodes share an adapter, but target ${target.name} runs ${target.nodes?.length === 1 ? 'one node' : 'as one process'}: run it with nodes and an adapter (the reference target's \`nodes: 3, adapter: 'redis'\`), or leave adapter faults out`;
  }
  if (!adapter.proxies && adapter.kind === 'cluster') {
    return `fault ${fault} needs each node to reach the adapter's backend through a proxy, but the ${adapter.kind} adapter of target ${target.name} has no backend to cut: use the redis, redis-streams or postgres adapter, or leave adapter faults out`;
  }
  if (!adapter.proxies) {
    return `fault ${fault} needs each node to reach the ${adapter.kind} adapter's backend through a proxy of its own, but the nodes of target ${target.name} are workers of one command sharing one ({ports}): run one command per node ({port}, {adapterUrl}), or leave adapter faults out`;
  }
  return undefined;
}

/**
 * The proxies between the target's nodes and its adapter's backend (index =
 * node index), for an adapter fault.
 *
 * @throws Error saying why the target cannot take adapter faults.
 * @example
 * await targetAdapterProxiesOf('adapter-down', context.target).setEnabled(0, false);
 */
export function targetAdapterProxiesOf(fault: string, target: Target): ProxyPool {
  const reason = adapterUnavailable(fault, target);
  if (reason || !target.adapter?.proxies) throw new Error(reason);
  return target.adapter.proxies();
}
