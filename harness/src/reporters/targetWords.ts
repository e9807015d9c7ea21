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
 * The target in a few words, for reports.
 *
 * @example
 * describeTarget({ kind: 'reference', bugs: ['no-unique'] }); // 'reference server (bugs: no-unique)'
 * describeTarget({ kind: 'url', url: 'http://127.0.0.1:3000' });  // 'http://127.0.0.1:3000'
 */
export function describeTarget(target: TargetLike): string {
  const bugs = targetBugs(target);
  const withBugs = (text: string) => (bugs.length ? `${text} (bugs: ${bugs.join(', ')})` : text);
  switch (target.kind) {
    case 'reference': {
      const store = field(target, 'store');
      return withBugs(`reference server${typeof store === 'string' ? ` on ${store}` : ''}`);
    }
    case 'command': {
      const command = field(target, 'command');
      return Array.isArray(command) ? `command: ${command.join(' ')}` : 'a command';
    }
    case 'url': {
      const url = field(target, 'url');
      return typeof url === 'string' ? url : 'a running server';
    }
    default:
      return withBugs(target.kind);
  }
}
