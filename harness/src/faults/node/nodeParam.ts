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
