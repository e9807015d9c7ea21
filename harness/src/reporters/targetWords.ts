/** A target config as results.json may hold it: a kind and fields that depend on it. */
export interface TargetLike {
  kind: string;
}

function field(target: TargetLike, name: string): unknown {
  return (target as unknown as Record<string, unknown>)[name];
}

/**
 * The bugs planted in the reference server, or none for other targets.
 *
 * @example
 * targetBugs({ kind: 'reference', bugs: ['no-unique'] }); // ['no-unique']
 */
export function targetBugs(target: TargetLike): string[] {
  const bugs = field(target, 'bugs');
  return Array.isArray(bugs) ? bugs.map(String) : [];
}

/**
 * A multi-node target's nodes and adapter in a few words; '' for a single node.
 *
 * @example
 * targetNodesWords({ kind: 'reference', nodes: 3, adapter: 'redis' }); // '3 nodes, redis adapter'
 */
export function targetNodesWords(target: TargetLike): string {
  const nodes = field(target, 'nodes');
  const adapter = field(target, 'adapter');
  const count = typeof nodes === 'number' ? nodes : Array.isArray(nodes) ? nodes.length : 1;
  if (count <= 1) return '';
  const name = typeof adapter === 'string' ? adapter : typeof adapter === 'object' && adapter !== null ? field(adapter as TargetLike, 'kind') : undefined;
  return `${count} nodes${typeof name === 'string' ? `, ${name} adapter` : ''}`;
}

/**
 * The target in a few words, for reports.
 *
 * @example
 * describeTarget({ kind: 'reference', bugs: ['no-unique'] }); // 'reference server (bugs: no-unique)'
 * describeTarget({ kind: 'reference', nodes: 3, adapter: 'redis' }); // 'reference server (3 nodes, redis adapter)'
 * describeTarget({ kind: 'url', url: 'http://127.0.0.1:3000' });  // 'http://127.0.0.1:3000'
 */
export function describeTarget(target: TargetLike): string {
  const bugs = targetBugs(target);
  const nodes = targetNodesWords(target);
  const details = [...(nodes ? [nodes] : []), ...(bugs.length ? [`bugs: ${bugs.join(', ')}`] : [])];
  const withBugs = (text: string) => (details.length ? `${text} (${details.join('; ')})` : text);
  switch (target.kind) {
    case 'reference': {
      const store = field(target, 'store');
      return withBugs(`reference server${typeof store === 'string' ? ` on ${store}` : ''}`);
    }
    case 'command': {
      const command = field(target, 'command');
      return withBugs(Array.isArray(command) ? `command: ${command.join(' ')}` : 'a command');
    }
    case 'url': {
      const url = field(target, 'url');
      return typeof url === 'string' ? url : 'a running server';
    }
    default:
      return withBugs(target.kind);
  }
}
