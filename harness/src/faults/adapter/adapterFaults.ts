import type { Fault } from '../Fault.js';
import { nodeFault, nodeProxyCut } from '../node/nodeFault.js';
import { nodeProxyIndex } from '../node/nodeParam.js';
import { disableProxies } from '../toxiproxy/disableProxies.js';
import { everyProxy } from '../toxiproxy/everyProxy.js';
import { latencyAttributes } from '../toxiproxy/toxicAttributes.js';
import { adapterUnavailable, targetAdapterProxiesOf } from './targetAdapterOf.js';

/**
 * `adapter-partition`: one node cut from the adapter's backend (its proxy to
 * Redis or PostgreSQL disabled: connections cut, new ones refused) until
 * healed. The node keeps serving its own clients; what other nodes broadcast
 * meanwhile does not reach it, nor its broadcasts them (Redis Pub/Sub buffers
 * nothing for an absent subscriber).
 *
 * @example
 * await injector.inject(adapterPartition, { node: 1 }, []);
 */
export const adapterPartition = nodeProxyCut({ name: 'adapter-partition', kind: 'adapter', from: 'the adapter', unavailable: adapterUnavailable, pool: targetAdapterProxiesOf });

/**
 * `adapter-latency`: delays one node's traffic with the adapter's backend by
 * latency ± jitter ms (a latency toxic on its adapter proxy): what other nodes
 * broadcast reaches it late (downstream), or what it broadcasts reaches them
 * late (upstream).
 *
 * @example
 * await injector.inject(adapterLatency, { node: 0, latency: 800, stream: 'downstream' }, []);
 */
export const adapterLatency = nodeFault({
  name: 'adapter-latency',
  kind: 'adapter',
  summary: "delay one node's adapter traffic by latency ± jitter ms",
  node: 'the node whose adapter traffic is delayed',
  params: {
    stream: { kind: 'choice', default: 'downstream', values: ['upstream', 'downstream'], description: 'upstream = node to backend, downstream = backend to node' },
    ...latencyAttributes(300),
  },
  describe: (params) => `delay ${params.stream} adapter traffic of node n${params.node} by ${params.latency} ± ${params.jitter} ms`,
  unavailable: adapterUnavailable,
  async inject(context, index, params) {
    const proxies = targetAdapterProxiesOf('adapter-latency', context.target);
    const node = nodeProxyIndex('adapter-latency', proxies, index);
    const stream = params.stream as 'upstream' | 'downstream';
    const toxic = await proxies.addToxic(node, { type: 'latency', stream, attributes: { latency: Number(params.latency), jitter: Number(params.jitter) } });
    return { heal: () => proxies.removeToxic(node, toxic) };
  },
});

/**
 * `adapter-down`: every node cut from the adapter's backend (all their adapter
 * proxies disabled), as when Redis goes down: each node serves only its own
 * clients until healed.
 *
 * @example
 * await injector.inject(adapterDown, {}, []);
 */
export const adapterDown: Fault = {
  name: 'adapter-down',
  kind: 'adapter',
  summary: "take the adapter's backend away from every node (their proxies disabled) until healed",
  params: {},
  scope: 'target',
  describe: () => "take the adapter's backend down for every node (their proxies disabled)",
  unavailableReason: (context) => adapterUnavailable('adapter-down', context.target),
  async inject(context) {
    const proxies = targetAdapterProxiesOf('adapter-down', context.target);
    return disableProxies(proxies, everyProxy(proxies));
  },
};
