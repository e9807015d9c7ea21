import path from 'node:path';
import { referenceServerScript } from '../../../reference-server/src/launch.js';
import type { Placeholders } from '../stores/readers.js';
import { readSqliteRows } from '../stores/readSqlite.js';
import { commandNodesTarget } from './commandNodes.js';
import { REFERENCE_STORE_QUERY } from './referenceNodesProcess.js';
import { nodesFailpoints } from './referenceNodes.js';
import type {
  SqliteDatabase, StoredRow, Target, TargetAdapter, TargetAddress, TargetFailpoints, TargetNode, TargetProcess, TargetStartOptions,
} from './Target.js';

/** How many stderr lines {@link ReferenceClusterTarget.logTail} keeps. */
const STDERR_LINES = 200;

/**
 * Options of {@link referenceClusterTarget}: the reference target's, resolved.
 *
 * @example
 * const options: ReferenceClusterOptions = { dataDir, nodes: 3, bugs: [], failpoints: true, busyTimeoutMs: 2000, pingIntervalMs: 1000, pingTimeoutMs: 1000 };
 */
export interface ReferenceClusterOptions {
  dataDir: string;
  /** How many workers (nodes). */
  nodes: number;
  bugs: readonly string[];
  failpoints: boolean;
  busyTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** Where the primary's output is kept (one file per start). */
  logDir?: string;
  /** Only for the shape of the command target underneath: the cluster adapter makes no proxy. */
  toxiproxyUrl?: string;
}

/**
 * A reference target run as one node:cluster process: its nodes, its
 * adapter (`cluster`, no backend to cut), and the extras of the reference target.
 *
 * @example
 * await target.nodes[1].process.crash(); // worker n1 alone
 */
export interface ReferenceClusterTarget extends Target {
  readonly process: TargetProcess;
  /** The first worker's admin endpoint port, when failpoints are on and it has started. */
  adminPort(): number | undefined;
  /** The last lines the primary and its workers wrote to stderr. */
  logTail(): string;
  readonly nodes: readonly (TargetNode & { readonly process: TargetProcess })[];
  readonly adapter: TargetAdapter;
  readonly database: SqliteDatabase;
}

/**
 * The reference server as the tutorial's step 9 runs it: one process, a
 * node:cluster primary forking N workers (`n0`..`n{N-1}`), each on a port of
 * its own (`--worker-ports`), joined by @socket.io/cluster-adapter through
 * the primary, sharing one SQLite file. It runs as a `{ports}` command target
 * ({@link commandNodesTarget}): each node is the worker behind its port,
 * found through /proc, so `node-crash`, `node-pause` and `node-restart` act
 * on that worker alone, and a worker that dies on its own is reported with
 * its node's name and its exit status (the primary prints `worker-exit`
 * lines).
 *
 * A dead worker stays dead (the primary does not fork it again by itself: a
 * node crash stays a crash) until siochaos restarts the node: SIGUSR2 asks
 * the primary to fork every dead worker again, on its port and admin port.
 * `process` is the whole deployment: running while every worker runs; its
 * crash, terminate and pause hit the primary and every worker; its restart
 * forks the dead workers again, or starts the whole command again when the
 * primary is down (or nothing is). The cluster adapter has no backend: it
 * takes no adapter fault. The SQLite file takes `sqlite-stall` and
 * `sqlite-unavailable` (every worker at once); `node-db-down` needs a store
 * each node reaches through a proxy of its own, which one file is not.
 *
 * @example
 * const target = referenceClusterTarget({ dataDir, nodes: 3, bugs: [], failpoints: true, busyTimeoutMs: 2000, pingIntervalMs: 1000, pingTimeoutMs: 1000 });
 * await target.start();
 * await target.nodes[1]!.process.crash(); // n1 alone; n0 and n2 keep serving
 * await target.nodes[1]!.process.restart(); // the primary forks it again on its port
 * await target.stop();
 */
export function referenceClusterTarget(options: ReferenceClusterOptions): ReferenceClusterTarget {
  const file = path.join(options.dataDir, 'chat.sqlite');
  // Known only at start: how to run the server.
  const late: Placeholders = {};
  // Each worker's admin port, from its listening line (a worker forked again keeps its own).
  const adminPorts: (number | undefined)[] = [];
  const stderr: string[] = [];
  const onLine = (line: string, stream: 'stdout' | 'stderr'): void => {
    if (stream === 'stderr' && line.trim()) {
      stderr.push(line);
      if (stderr.length > STDERR_LINES) stderr.shift();
    }
    const listening = stream === 'stdout' ? workerListening(line) : undefined;
    if (listening) adminPorts[listening.index] = listening.adminPort;
  };
  const args = [
    '{script}', '--host', '127.0.0.1', '--db', file, '--busy-timeout', String(options.busyTimeoutMs),
    '--ping-interval', String(options.pingIntervalMs), '--ping-timeout', String(options.pingTimeoutMs),
    '--adapter', 'cluster', '--workers', String(options.nodes), '--worker-ports', '{ports}',
    ...options.bugs.flatMap((bug) => ['--bug', bug]),
    ...(options.failpoints ? ['--admin-port', '0'] : []),
  ];
  const inner = commandNodesTarget({
    // Ready once the primary says every worker listens: their listening lines (admin ports) are in by then.
    config: {
      kind: 'command', command: [process.execPath, ...args], env: { NODE_OPTIONS: '{nodeOptions}' }, nodes: options.nodes, adapter: 'cluster',
      readyLog: '"event":"workers-listening"',
    },
    database: undefined,
    dataDir: options.dataDir,
    logDir: options.logDir ?? path.join(options.dataDir, 'target-output'),
    toxiproxyUrl: options.toxiproxyUrl ?? '',
    store: () => undefined,
    redis: () => Promise.reject(new Error('the cluster adapter uses no Redis')),
    redisPrefix: () => '',
    placeholders: late,
    respawnSignal: 'SIGUSR2',
    onLine,
  });
  const nodes = inner.nodes!.map((node) => ({ ...node, process: node.process! }));
  const deployment = wholeDeployment(inner.process!, nodes);
  const failpoints: TargetFailpoints | undefined = options.failpoints
    ? nodesFailpoints(nodes.map((node, i) => ({ adminPort: () => adminPorts[i], isRunning: () => node.process.isRunning() })))
    : undefined;

  return {
    name: 'reference-server',
    process: deployment,
    promises: { store: true, process: true },
    database: { kind: 'sqlite', file, busyTimeoutMs: options.busyTimeoutMs },
    adapter: { kind: 'cluster' },
    nodes,
    ...(failpoints ? { failpoints } : {}),
    adminPort: () => adminPorts[0],
    logTail: () => stderr.join('\n'),
    async start(options?: TargetStartOptions): Promise<TargetAddress> {
      Object.assign(late, await referenceServerScript());
      return inner.start(options);
    },
    readStore(): Promise<StoredRow[]> {
      return readSqliteRows(file, REFERENCE_STORE_QUERY);
    },
    stop: () => inner.stop(),
  };
}

/** A worker's listening line: its index and admin port. */
function workerListening(line: string): { index: number; adminPort: number | undefined } | undefined {
  if (!line.includes('"listening"')) return undefined;
  try {
    const value = JSON.parse(line) as { event?: unknown; node?: unknown; adminPort?: unknown };
    const index = typeof value.node === 'string' ? /^n(\d+)$/.exec(value.node)?.[1] : undefined;
    if (value.event !== 'listening' || index === undefined) return undefined;
    return { index: Number(index), adminPort: typeof value.adminPort === 'number' ? value.adminPort : undefined };
  } catch {
    return undefined;
  }
}

/**
 * The whole deployment as one process: running while the primary and every
 * worker run (the primary's pid then); a restart forks the dead workers again
 * when the primary runs, else (or when nothing is down) starts the command again.
 */
function wholeDeployment(command: TargetProcess, nodes: readonly { process: TargetProcess }[]): TargetProcess {
  const allUp = (): boolean => command.isRunning() && nodes.every((node) => node.process.isRunning());
  return {
    ...command,
    pid: () => (allUp() ? command.pid() : undefined),
    isRunning: allUp,
    async restart() {
      const down = nodes.filter((node) => !node.process.isRunning());
      if (!command.isRunning() || down.length === 0 || down.length === nodes.length) return command.restart();
      for (const node of down) await node.process.restart();
    },
  };
}
