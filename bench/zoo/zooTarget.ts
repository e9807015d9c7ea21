/**
 * Which target each bug of the zoo runs on: the single-process bugs on the
 * reference server as one process, the multi-node bugs (NODE_BUGS) on three
 * nodes with an adapter the bug shows with.
 */
import type { ReferenceServerOptions } from '../../harness/src/index.js';
import { ALL_BUG_NAMES, bugInfo, isBugName, isNodeBugName, NODE_BUGS, type AnyBugName, type NodeBugName } from '../../reference-server/src/bugs.js';

/** Nodes of the multi-node zoo's target: enough that a client can fail over to a node other than the sender's. */
export const ZOO_NODES = 3;

/** The adapter a multi-node zoo target runs with when the bug shows with it. */
export const ZOO_DEFAULT_ADAPTER = 'redis' as const;

/** An adapter the reference target runs its nodes with. */
type ZooAdapter = NonNullable<ReferenceServerOptions['adapter']>;

/** A reference target of the zoo, as the reference server's options (less its folder). */
export type ZooTarget = Pick<ReferenceServerOptions, 'bugs' | 'nodes' | 'adapter'>;

/**
 * The adapter a multi-node bug is run with: Redis Pub/Sub when the bug shows
 * with it, else the first one it shows with (trust-recovered needs Redis
 * Streams, whose sessions recover across nodes).
 *
 * @example
 * zooAdapter('trust-recovered'); // 'redis-streams'
 */
export function zooAdapter(bug: NodeBugName): ZooAdapter {
  // The reference target runs every adapter but the cluster one.
  const adapters = NODE_BUGS[bug].multiNode.adapters.filter((a): a is ZooAdapter => a !== 'cluster');
  return adapters.includes(ZOO_DEFAULT_ADAPTER) ? ZOO_DEFAULT_ADAPTER : adapters[0]!;
}

/**
 * The target `bug` runs on (null: the correct server, as one process or,
 * with `nodes`, as {@link ZOO_NODES} nodes with the default adapter).
 *
 * @example
 * zooTarget('local-broadcast'); // { bugs: ['local-broadcast'], nodes: 3, adapter: 'redis' }
 * zooTarget(null, { nodes: true }); // the correct server on 3 redis nodes
 */
export function zooTarget(bug: AnyBugName | null, correct: { nodes?: boolean } = {}): ZooTarget {
  if (bug === null) return correct.nodes ? { bugs: [], nodes: ZOO_NODES, adapter: ZOO_DEFAULT_ADAPTER } : { bugs: [] };
  return isNodeBugName(bug) ? { bugs: [bug], nodes: ZOO_NODES, adapter: zooAdapter(bug) } : { bugs: [bug] };
}

/**
 * Whether `name` is a bug of the zoo, single-process or multi-node.
 *
 * @example
 * isZooBug('adapter-broadcast'); // true
 */
export function isZooBug(name: string): name is AnyBugName {
  return isBugName(name) || isNodeBugName(name);
}

/**
 * One line on the bug, with the target it runs on when it has nodes.
 *
 * @example
 * zooBugLine('trust-recovered'); // 'trust-recovered (3 nodes, redis-streams): rows go to ...'
 */
export function zooBugLine(bug: AnyBugName): string {
  const target = zooTarget(bug);
  return `${bug}${target.nodes ? ` (${target.nodes} nodes, ${target.adapter})` : ''}: ${bugInfo(bug).description}`;
}

/** Every bug of the zoo, single-process first. */
export const ZOO_BUG_NAMES: readonly AnyBugName[] = ALL_BUG_NAMES;
