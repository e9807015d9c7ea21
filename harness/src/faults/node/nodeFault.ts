import type { Target, TargetNode, TargetProcess } from '../../target/Target.js';
import type { ProxyPool } from '../../toxiproxy/ProxyPool.js';
import { disableNodeProxy } from '../toxiproxy/disableProxies.js';
import type { ActiveFault, Fault, FaultContext, FaultKind, FaultParams, ParamSpec } from '../Fault.js';
import { nodeParam } from './nodeParam.js';
import { nodesUnavailable, targetNodeOf } from './targetNodeOf.js';

/**
 * How a fault that hits one node of a multi-node target is declared: what
 * its `node` parameter means, its other parameters, why a target cannot take
 * it, and how it acts on node `node` (an index the spec's own lookup checks
 * against the target: `targetNodeOf` or `nodeProxyIndex`).
 *
 * @example
 * const spec: NodeFaultSpec = { name: 'node-crash', kind: 'node', summary, node: 'the node to kill', describe, unavailable: nodesUnavailable, inject };
 */
export interface NodeFaultSpec {
  readonly name: string;
  readonly kind: FaultKind;
  /** One line for help texts. */
  readonly summary: string;
  /** What the `node` parameter names, for help texts ("the node to kill"). */
  readonly node: string;
  /** Parameters besides `node`. */
  readonly params?: Readonly<Record<string, ParamSpec>>;
  /** A sentence for reports ("kill node n1 (SIGKILL) until healed"). */
  describe(params: FaultParams): string;
  /** Why the fault named `fault` cannot act on `target`, or undefined when it can. */
  unavailable(fault: string, target: Target): string | undefined;
  inject(context: FaultContext, node: number, params: FaultParams): Promise<ActiveFault>;
}

/**
 * Makes a target-scoped fault on one node (node and adapter faults): the
 * `node` parameter, the availability check and the node's index taken from
 * the parameters are the same for each of them.
 *
 * @example
 * export const nodePause = nodeFault({ name: 'node-pause', kind: 'node', node: 'the node to freeze', ... });
 */
export function nodeFault(spec: NodeFaultSpec): Fault {
  return {
    name: spec.name,
    kind: spec.kind,
    summary: spec.summary,
    params: { node: nodeParam(spec.node), ...spec.params },
    scope: 'target',
    describe: (params) => spec.describe(params),
    unavailableReason: (context) => spec.unavailable(spec.name, context.target),
    inject: (context, params) => spec.inject(context, Number(params.node), params),
  };
}

/**
 * How a fault on one node's process is declared (`kind: 'node'`): the node
 * and its process come looked up and checked (`targetNodeOf`).
 *
 * @example
 * const spec: NodeProcessFaultSpec = { name: 'node-crash', summary, node: 'the node to kill', describe, inject: async (context, { process }) => ... };
 */
export type NodeProcessFaultSpec = Omit<NodeFaultSpec, 'kind' | 'unavailable' | 'inject'> & {
  inject(context: FaultContext, node: { node: TargetNode; process: TargetProcess }, params: FaultParams): Promise<ActiveFault>;
};

/**
 * Makes a fault that signals one node's process (node-crash, node-restart,
 * node-pause): it needs several nodes whose processes siochaos owns.
 *
 * @example
 * export const nodeCrash = nodeProcessFault({ name: 'node-crash', ..., inject: async (context, { process }) => ... });
 */
export function nodeProcessFault(spec: NodeProcessFaultSpec): Fault {
  return nodeFault({
    ...spec,
    kind: 'node',
    unavailable: nodesUnavailable,
    inject: (context, index, params) => spec.inject(context, targetNodeOf(spec.name, context.target, index), params),
  });
}

/**
 * How a fault that cuts one node from a shared backend is declared: `from`
 * names the backend in help texts and reports ("the adapter"), `pool` gives
 * the proxies the nodes reach it through (index = node index).
 *
 * @example
 * const spec: NodeProxyCutSpec = { name: 'adapter-partition', kind: 'adapter', from: 'the adapter', unavailable: adapterUnavailable, pool: targetAdapterProxiesOf };
 */
export interface NodeProxyCutSpec {
  readonly name: string;
  readonly kind: FaultKind;
  readonly from: string;
  unavailable(fault: string, target: Target): string | undefined;
  /** The per-node pool of proxies to the backend (throws saying why the target has none). */
  pool(fault: string, target: Target): ProxyPool;
}

/**
 * Makes a fault that cuts one node from a shared backend (its proxy
 * disabled: connections cut, new ones refused) until healed, the other nodes
 * still reaching it: adapter-partition, node-db-down.
 *
 * @example
 * export const nodeDbDown = nodeProxyCut({ name: 'node-db-down', kind: 'node', from: 'the database', ... });
 */
export function nodeProxyCut(spec: NodeProxyCutSpec): Fault {
  return nodeFault({
    name: spec.name,
    kind: spec.kind,
    summary: `cut one node from ${spec.from} (its proxy disabled) until healed`,
    node: `the node to cut from ${spec.from}`,
    describe: (params) => `cut node n${params.node} from ${spec.from} (its proxy disabled)`,
    unavailable: spec.unavailable,
    inject: (context, node) => disableNodeProxy(spec.name, spec.pool(spec.name, context.target), node),
  });
}
