import createDebug from 'debug';
import type { CommandTargetConfig, DatabaseConfig } from '../model/config.js';
import type { Placeholders } from '../stores/readers.js';
import type { StoreReader } from '../stores/StoreReader.js';
import { commandTarget, startTimeoutMs, type CommandTarget } from './commandTarget.js';
import { NodeBackends, usedPlaceholders, type NodesRedis } from './commandNodesBackends.js';
import { EXIT_STDERR_LINES, type TargetExit } from './exitMonitor.js';
import { NoStoreError } from './NoStoreError.js';
import { PortNodes } from './portNodes.js';
import { portOwnerProcess } from './portOwnerProcess.js';
import { workerExitLine } from './workerExitLine.js';
import type { StoredRow, Target, TargetAddress, TargetNode, TargetProcess, TargetStartOptions } from './Target.js';

const debug = createDebug('siochaos:target');

/** What a command target with `nodes` needs besides its config. */
export interface CommandNodesOptions {
  /** The command target's config, with `nodes`. */
  config: CommandTargetConfig & { nodes: number };
  /** The config's `database`. */
  database: DatabaseConfig | undefined;
  /** This scenario's own folder ({dataDir}). */
  dataDir: string;
  /** Where each process's output is kept. */
  logDir: string;
  /** The Toxiproxy API, for the nodes' proxies to their database and Redis. */
  toxiproxyUrl: string;
  /** Reads what the target stored (with node n0's placeholder values); undefined for a `none` store. */
  store: (values: Placeholders) => StoreReader | undefined;
  /** Provides Redis when the nodes use one ({redisUrl}, or a Redis adapter). */
  redis: () => Promise<NodesRedis>;
  /** A key prefix of the scenario's own ({redisPrefix}). */
  redisPrefix: () => string;
  /** Deletes the scenario's keys from Redis at the end. */
  deleteKeys?: (url: string, prefix: string) => Promise<unknown>;
  /**
   * More placeholder values, read at each start (the object may be filled in
   * just before `start()`, e.g. with values known only then).
   */
  placeholders?: Placeholders;
  /**
   * With `{ports}`: the signal that asks the command's root process to start
   * its dead workers again (the reference server's primary takes SIGUSR2); a
   * node's restart sends it. Without it, a node comes back only if the
   * command starts it again by itself.
   */
  respawnSignal?: NodeJS.Signals;
  /** Hears every line the command(s) print (e.g. the reference server primary's listening lines, with each worker's admin port). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** The node:cluster scheduling that gives each worker its own listening socket, so /proc tells which process is behind a port. */
const SCHED_NONE = { NODE_CLUSTER_SCHED_POLICY: 'none' };

/**
 * The user's own server as N nodes, in one of two forms:
 *
 * - N commands (the command uses `{port}`): each started like a single
 *   command target, in its own process group, with placeholders of its own:
 *   `{node}` (n0, n1, ...), `{port}`, `{redisUrl}`, `{adapterUrl}` and
 *   `{databaseUrl}` through proxies of its own, `{redisPrefix}` shared. Node
 *   n0 starts first (and the store is reset), then the others together. Each
 *   node crashes, pauses and restarts alone.
 * - One command opening N ports (`{ports}`, comma-separated; node:cluster
 *   with one worker per port): ready when every port accepts connections;
 *   each node acts on the process behind its port (found through /proc), so
 *   a crash or pause hits that worker alone; a node cannot be restarted alone
 *   (its `process.restart` rejects saying why). node:cluster gets
 *   `NODE_CLUSTER_SCHED_POLICY=none` unless the env sets it, so that each
 *   worker holds its own port. Its workers share one proxy to each backend
 *   (`{redisUrl}`...), or get one each when the command takes the list
 *   (`{redisUrls}`, `{adapterUrls}`, `{databaseUrls}`: one URL per node).
 *
 * `target.process` acts on every node; `stop()` ends every process and proxy.
 *
 * @example
 * const target = commandNodesTarget({ config: { kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' }, nodes: 2 },
 *   database: undefined, dataDir, logDir, toxiproxyUrl, store: () => undefined, redis: provideRedis, redisPrefix: scenarioRedisPrefix });
 * await target.start();
 * await target.nodes![1]!.process!.crash();
 */
export function commandNodesTarget(options: CommandNodesOptions): Target {
  const { database } = options;
  // As for one command: the database's env variable gets each node's proxied URL.
  const config = database?.kind === 'postgres' && database.env ? { ...options.config, env: { ...options.config.env, [database.env]: '{databaseUrl}' } } : options.config;
  const cluster = usedPlaceholders(config).has('ports');
  const backends = new NodeBackends({ ...options, config, proxies: cluster ? 1 : config.nodes, nodes: config.nodes });
  const values: Placeholders[] = Array.from({ length: cluster ? 1 : config.nodes }, (_, i) => ({ node: `n${i}` }));
  // With {ports}: each node is the process behind its port, watched for exits of its own.
  let portNodes: PortNodes | undefined;
  const inners: CommandTarget[] = values.map((placeholders, i) =>
    commandTarget({
      config: cluster ? { ...config, env: { ...SCHED_NONE, ...config.env } } : config,
      dataDir: options.dataDir,
      logDir: options.logDir,
      // The store is read with n0's values ({port}: n0's port).
      store: i === 0 ? options.store : () => undefined,
      placeholders,
      ...(cluster ? {} : { node: `n${i}` }),
      ...(cluster ? { ports: config.nodes } : {}),
      onLine: (line: string, stream: 'stdout' | 'stderr') => {
        if (cluster) tellWorkerExit(portNodes, line);
        options.onLine?.(line, stream);
      },
    }),
  );
  const command = config.command.join(' ');
  let nodes: TargetNode[];
  let whole: TargetProcess;
  if (cluster) {
    const inner = inners[0]!;
    const root = inner.process!;
    portNodes = new PortNodes({ count: config.nodes, ports: () => inner.ports(), whole: root, stderr: () => inner.stderrTail(EXIT_STDERR_LINES) });
    const signal = options.respawnSignal;
    const respawn = signal ? () => sendTo(root.pid(), signal) : undefined;
    nodes = Array.from({ length: config.nodes }, (_, i) => clusterNode(inner, portNodes!, i, command, startTimeoutMs(config), respawn));
    whole = commandWithNodes(root, portNodes, nodes);
  } else {
    nodes = inners.map((inner, i) => ({
      name: `n${i}`,
      address: () => ({ host: '127.0.0.1', port: portOf(inner, `n${i}`) }),
      process: inner.process!,
    }));
    whole = allNodes(inners.map((inner) => inner.process!));
  }

  async function stopAll(): Promise<void> {
    portNodes?.expectAll();
    portNodes?.unwatch();
    const stopped = await Promise.allSettled(inners.map((inner) => inner.stop()));
    await backends.close();
    const failed = stopped.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  return {
    name: `command ${config.command[0]} (${config.nodes} nodes${config.adapter ? `, ${config.adapter} adapter` : ''})`,
    process: whole,
    promises: { process: true },
    nodes,
    ...(backends.database ? { database: backends.database } : {}),
    ...(backends.adapter ? { adapter: backends.adapter } : {}),
    async start({ signal }: TargetStartOptions = {}): Promise<TargetAddress> {
      try {
        const opened = await backends.open();
        opened.forEach((found, i) => Object.assign(values[i]!, found, options.placeholders));
        // n0 first: it may create the schema, and its start resets the store; then the others together.
        signal?.throwIfAborted();
        const first = await inners[0]!.start();
        signal?.throwIfAborted();
        await Promise.all(inners.slice(1).map((inner) => inner.start()));
        debug('%s: nodes on %s', command, nodes.map((node) => node.address().port).join(','));
        portNodes?.watch();
        return first;
      } catch (err) {
        await stopAll().catch((stopError: unknown) => debug('stopping after a failed start: %s', (stopError as Error).message));
        throw err;
      }
    },
    async readStore(): Promise<StoredRow[]> {
      if (!inners[0]) throw new NoStoreError();
      return inners[0].readStore();
    },
    stop: stopAll,
  };
}

function portOf(inner: CommandTarget, name: string, index = 0): number {
  const port = inner.ports()[index];
  if (port === undefined) throw new Error(`node ${name} has no port yet: start the target first`);
  return port;
}

/** Node `index` of a command that opens every node's port. */
function clusterNode(inner: CommandTarget, portNodes: PortNodes, index: number, command: string, comebackMs: number, respawn?: () => void): TargetNode {
  const name = `n${index}`;
  return {
    name,
    address: () => ({ host: '127.0.0.1', port: portOf(inner, name, index) }),
    // A worker its primary starts again gets as long as the command had to start.
    process: portOwnerProcess({
      name, index, nodes: portNodes, ports: () => inner.ports(), whole: inner.process!, command, comebackMs, ...(respawn ? { respawn } : {}),
    }),
  };
}

/** A `worker-exit` line of the command gives that worker's exit status. */
function tellWorkerExit(portNodes: PortNodes | undefined, line: string): void {
  const exit = workerExitLine(line);
  if (exit) portNodes?.exitStatus(exit.pid, { code: exit.code, signal: exit.signal });
}

function sendTo(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch (err) {
    debug('cannot send %s to pid %d: %s', signal, pid, (err as Error).message);
  }
}

/**
 * The one command of a `{ports}` target as the whole target's process: what
 * ends the command marks every node's exit as siochaos's first (its workers
 * die with it), and its unexpected exits are the command's and each node's
 * (named).
 */
function commandWithNodes(root: TargetProcess, portNodes: PortNodes, nodes: readonly TargetNode[]): TargetProcess {
  return {
    pid: () => root.pid(),
    isRunning: () => root.isRunning(),
    signal: (signal) => root.signal(signal),
    crash: () => {
      portNodes.expectAll();
      return root.crash();
    },
    terminate: () => {
      portNodes.expectAll();
      return root.terminate();
    },
    restart: () => {
      portNodes.expectAll();
      return root.restart();
    },
    expectExit: (expected) => {
      root.expectExit?.(expected);
      portNodes.expectAll(expected);
    },
    onUnexpectedExit(listener: (exit: TargetExit) => void) {
      const stops = [root.onUnexpectedExit?.(listener), ...nodes.map((node) => node.process?.onUnexpectedExit?.(listener))];
      return () => stops.forEach((stop) => stop?.());
    },
  };
}

/**
 * Every node's process as one: signals, crashes and terminates them all;
 * running while every node runs; a restart starts the nodes that are down
 * (all of them, after a crash or terminate of the whole), or restarts every
 * node when none is down. An unexpected exit names its node.
 */
function allNodes(processes: readonly TargetProcess[]): TargetProcess {
  const each = async (act: (p: TargetProcess) => Promise<void>): Promise<void> => {
    const results = await Promise.allSettled(processes.map(act));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  return {
    pid: () => processes.map((p) => p.pid()).find((pid) => pid !== undefined),
    isRunning: () => processes.every((p) => p.isRunning()),
    signal: (signal) => processes.forEach((p) => p.signal(signal)),
    crash: () => each((p) => p.crash()),
    terminate: () => each((p) => p.terminate()),
    async restart() {
      const down = processes.filter((p) => !p.isRunning());
      await each((p) => (down.length === 0 || down.includes(p) ? p.restart() : Promise.resolve()));
    },
    expectExit: (expected) => processes.forEach((p) => p.expectExit?.(expected)),
    onUnexpectedExit(listener: (exit: TargetExit) => void) {
      const stops = processes.map((p, i) => p.onUnexpectedExit?.((exit) => listener({ ...exit, node: `n${i}` })));
      return () => stops.forEach((stop) => stop?.());
    },
  };
}
