import type { Target, TargetNode, TargetProcess } from '../../target/Target.js';

/**
 * Why a fault on one node cannot act on `target`, or undefined when it can:
 * the target must run more than one node, and siochaos must own their
 * processes.
 *
 * @example
 * nodesUnavailable('node-crash', target); // undefined for referenceServerTarget({ nodes: 3, ... })
 */
export function nodesUnavailable(fault: string, target: Pick<Target, 'name' | 'nodes'>): string | undefined {
  const nodes = target.nodes ?? [];
  if (nodes.length < 2) {
    return `fault ${fault} needs a target with more than one node, but target ${target.name} runs ${nodes.length === 1 ? 'one node' : 'as one process'}: run it with nodes (the reference target's \`nodes: 3\`, or a command target's \`nodes\`), or leave node faults out`;
  }
  if (nodes.some((node) => !node.process)) {
    return `fault ${fault} needs control over each node's process, but siochaos did not start the nodes of target ${target.name}: use a target siochaos launches, or leave node faults out`;
  }
  return undefined;
}

/**
 * The node at `index` of the target, with its process, for a node fault.
 *
 * @throws Error when the target has no such node (saying how many it has) or cannot take node faults.
 * @example
 * const { node, process } = targetNodeOf('node-crash', context.target, 1);
 */
export function targetNodeOf(fault: string, target: Target, index: number): { node: TargetNode; process: TargetProcess } {
  const reason = nodesUnavailable(fault, target);
  if (reason) throw new Error(reason);
  const nodes = target.nodes!;
  const node = nodes[index];
  if (!node?.process) {
    throw new Error(`fault ${fault}: there is no node ${index}: target ${target.name} has ${nodes.length} (node 0 to ${nodes.length - 1})`);
  }
  return { node, process: node.process };
}
