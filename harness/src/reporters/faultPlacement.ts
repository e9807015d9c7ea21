import type { FaultStartEvent } from '../history/events.js';

/** The lane of a timeline that is not a client's (besides a node's, named `n0`, `n1`, ...). */
export type SharedLane = 'server' | 'database' | 'adapter';

/** Where a fault shows on a timeline, and what kind of fault it is. */
export interface FaultPlacement {
  /**
   * Client names, or `server` / `database` for faults that hit the target itself; for a
   * multi-node target's faults, the node's name (`node-crash`) or `adapter` and the node
   * cut from it (`adapter-partition`).
   */
  lanes: string[];
  /** `network`, `process`, `database` or `client` when the event says; guessed from the name otherwise. */
  kind: string;
  /** Whether the fault takes the server process down (a crash or kill): its start is a crash, its end a restart. */
  crash: boolean;
}

const DATABASE_NAME = /(^|[-_])(db|database|store|sqlite|postgres|pg|redis)([-_]|$)/i;
const PROCESS_NAME = /(crash|kill|restart|sigkill|sigterm|sigstop|pause|freeze|stop|suspend|process)/i;
const CLIENT_NAME = /^client[-_]/i;
const CRASH_NAME = /(crash|kill|restart|sigkill|sigterm)/i;
const NODE_FAULT = /^node[-_]/i;
const ADAPTER_FAULT = /^adapter[-_]/i;

/**
 * The node a multi-node fault acts on: its `node` param (an index `1` or a
 * name `n1`), else a node named in its description; undefined when it names
 * none (`adapter-down` acts on every node).
 *
 * @example
 * faultNode({ type: 'fault-start', t: 0, id: 1, fault: 'node-crash', params: { node: 1 }, clients: [], description: 'kill n1' }); // 'n1'
 */
export function faultNode(event: FaultStartEvent): string | undefined {
  const param = event.params.node ?? event.params.nodeName ?? event.params.index;
  if (typeof param === 'number' && Number.isInteger(param) && param >= 0) return `n${param}`;
  if (typeof param === 'string' && param.trim()) return /^\d+$/.test(param.trim()) ? `n${param.trim()}` : param.trim();
  if (nodeFaultScope(event) === undefined) return undefined;
  return /\b(n\d+)\b/.exec(event.description)?.[1];
}

/**
 * What a multi-node fault acts on: `node` (a node's process: crash, restart,
 * pause) or `adapter` (the adapter's channel: partition, latency, down), by
 * its kind, else by its name; undefined for the other faults.
 *
 * @example
 * nodeFaultScope({ type: 'fault-start', t: 0, id: 1, fault: 'adapter-down', kind: 'adapter', params: {}, clients: [], description: '' }); // 'adapter'
 */
export function nodeFaultScope(event: FaultStartEvent): 'node' | 'adapter' | undefined {
  if (event.kind === 'node' || event.kind === 'adapter') return event.kind;
  return NODE_FAULT.test(event.fault) ? 'node' : ADAPTER_FAULT.test(event.fault) ? 'adapter' : undefined;
}

/**
 * Where a fault belongs on a timeline: on the lanes of the clients it hits, on
 * the database lane for database faults, on the server lane for the rest of
 * the target faults. Reads `kind` from the event when the recorder put it
 * there, and guesses from the fault's name when not (the registry's names:
 * `crash`, `restart`, `crash-at`, `pause`, `sqlite-*`, `db-*`, `client-*`,
 * `node-*`, `adapter-*`). A multi-node target's faults go on their node's lane
 * (kind `node`), or on the adapter's lane and the lane of the node cut from it
 * (kind `adapter`).
 *
 * @example
 * placeFault({ type: 'fault-start', t: 5, id: 1, fault: 'kill', params: {}, clients: [], description: 'SIGKILL the server' });
 * // { lanes: ['server'], kind: 'process', crash: true }
 */
export function placeFault(event: FaultStartEvent): FaultPlacement {
  const declared = (event as FaultStartEvent & { kind?: unknown }).kind;
  const scope = nodeFaultScope(event);
  const kind =
    typeof declared === 'string'
      ? declared
      : scope !== undefined
        ? scope
        : event.clients.length > 0
        ? CLIENT_NAME.test(event.fault)
          ? 'client'
          : 'network'
        : DATABASE_NAME.test(event.fault)
          ? 'database'
          : PROCESS_NAME.test(event.fault)
            ? 'process'
            : 'network';
  const crash = (kind === 'process' || scope === 'node') && (CRASH_NAME.test(event.fault) || CRASH_NAME.test(event.description));
  if (event.clients.length > 0) return { lanes: [...event.clients], kind, crash };
  if (scope !== undefined) {
    const node = faultNode(event);
    const lanes = scope === 'adapter' ? ['adapter', ...(node ? [node] : [])] : [node ?? 'server'];
    return { lanes, kind, crash: scope === 'node' && crash };
  }
  return { lanes: [kind === 'database' ? 'database' : 'server'], kind, crash };
}
