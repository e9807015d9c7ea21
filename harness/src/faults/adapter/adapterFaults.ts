import type { Fault } from '../Fault.js';
import { nodeParam, nodeProxyIndex } from '../node/nodeParam.js';
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
export const adapterPartition: Fault = {
  name: 'adapter-partition',
  kind: 'adapter',
  summary: "cut one node from the adapter's backend (its proxy disabled) until healed",
  params: { node: nodeParam('the node to cut from the adapter') },
  scope: 'target',
  describe: (params) => `cut node n${params.node} from the adapter (its proxy disabled)`,
  unavailableReason: (context) => adapterUnavailable('adapter-partition', context.target),
  async inject(context, params) {
    const proxies = targetAdapterProxiesOf('adapter-partition', context.target);
    return disableProxies(proxies, [nodeProxyIndex('adapter-partition', proxies, Number(params.node))]);
  },
};

/**
 * `adapter-latency`: delays one node's traffic with the adapter's backend by
 * latency ± jitter ms (a latency toxic on its adapter proxy): what other nodes
 * broadcast reaches it late (downstream), or what it broadcasts reaches them
 * late (upstream).
 *
 * @example
 * await injector.inject(adapterLatency, { node: 0, latency: 800, stream: 'downstream' }, []);
 */
export const adapterLatency: Fault = {
  name: 'adapter-latency',
  kind: 'adapter',
  summary: "delay one node's adapter traffic by latency ± jitter ms",
  params: {
    node: nodeParam('the node whose adapter traffic is delayed'),
    stream: { kind: 'choice', default: 'downstream', values: ['upstream', 'downstream'], description: 'upstream = node to backend, downstream = backend to node' },
    ...latencyAttributes(300),
  },
  scope: 'target',
  describe: (params) => `delay ${params.stream} adapter traffic of node n${params.node} by ${params.latency} ± ${params.jitter} ms`,
  unavailableReason: (context) => adapterUnavailable('adapter-latency', context.target),
  async inject(context, params) {
    const proxies = targetAdapterProxiesOf('adapter-latency', context.target);
    const node = nodeProxyIndex('adapter-latency', proxies, Number(params.node));
    const stream = params.stream as 'upstream' | 'downstream';
    const toxic = await proxies.addToxic(node, { type: 'latency', stream, attributes: { latency: Number(params.latency), jitter: Number(params.jitter) } });
    return { heal: () => proxies.removeToxic(node, toxic) };
  },
};

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
