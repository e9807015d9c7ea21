/**
 * Starts the reference server as its own process and waits for it to listen.
 * Imports nothing from the server or the harness: the harness imports this.
 * How a process is spawned, read and stopped comes from shared/process/,
 * which the harness uses too (it sits outside both, so that neither imports
 * the other for it).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OwnGroupOptions } from '../../shared/process/ownGroup.js';
import { startProcess, waitUntilReady, type ProcessExit } from '../../shared/process/startProcess.js';

export { armFailpoint, disarmFailpoints, listFailpoints } from './adminClient.js';

/** Whether this file runs compiled (dist/reference-server/src/launch.js), as in the package, or from its TypeScript source. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * What runs the server: compiled, the bundle `npm run build` made of the
 * compiled main.js (main.bundle.mjs beside this file: half the CPU of a start
 * that loads socket.io's modules one by one), else that main.js; from the
 * sources (tests, benches), the development bundle of main.ts (bundle.ts),
 * else main.ts through tsx.
 */
async function serverEntry(): Promise<string[]> {
  if (COMPILED) {
    const bundled = fileURLToPath(new URL('./main.bundle.mjs', import.meta.url));
    return [existsSync(bundled) ? bundled : fileURLToPath(new URL('./main.js', import.meta.url))];
  }
  const { referenceServerBundle } = await import('./bundle.js');
  const bundle = await referenceServerBundle();
  if (bundle) return [bundle];
  // tsx's loader, resolved from here so `--import` works from any cwd.
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, fileURLToPath(new URL('./main.ts', import.meta.url))];
}

/**
 * How to run the reference server as a command of one's own: the script to
 * give `node`, and the `NODE_OPTIONS` it needs (tsx's loader when it runs
 * from main.ts; node:cluster workers inherit it), for a harness that starts
 * it as a command target (see harness/src/target/referenceCluster.ts).
 *
 * @example
 * const { script, nodeOptions } = await referenceServerScript();
 * spawn(process.execPath, [script, '--port', '0', '--db', file], { env: { ...process.env, NODE_OPTIONS: nodeOptions } });
 */
export async function referenceServerScript(): Promise<{ script: string; nodeOptions: string }> {
  const entry = await serverEntry();
  const inherited = process.env.NODE_OPTIONS ?? '';
  if (entry.length === 1) return { script: entry[0]!, nodeOptions: inherited };
  // ['--import', tsx, main.ts]: the loader goes to NODE_OPTIONS (a file URL: no spaces).
  return { script: entry[2]!, nodeOptions: `${inherited} --import=${entry[1]!}`.trim() };
}

const STDERR_TAIL_LINES = 200;

/**
 * The Socket.IO adapter of one node of a multi-node reference server: every
 * node shares the store (`db` or `store`) and reaches the others through it.
 */
export interface LaunchAdapter {
  /** `redis` (Pub/Sub), `redis-streams` or `postgres` (LISTEN/NOTIFY). */
  kind: 'redis' | 'redis-streams' | 'postgres';
  /** This node's way to the backend: a redis:// URL, or a postgres:// URL for `postgres` (each node may have its own proxy). */
  url: string;
  /** Key, channel and table prefix: one per deployment, so concurrent ones never see each other (letters, digits, `_`, `:`, `.`, `-`; e.g. `siochaos:4242-a1f3:7:`). */
  prefix: string;
}

/** How to start a reference server. Give `db` (SQLite) or `store` (PostgreSQL URL). */
export interface LaunchOptions {
  /** Port to listen on; 0 (the default) for any free port. */
  port?: number;
  /** Loopback address (default 127.0.0.1). */
  host?: string;
  /** SQLite file. */
  db?: string;
  /** PostgreSQL URL, instead of `db`. */
  store?: string;
  /** Messages table name (default `messages`). */
  table?: string;
  /** Planted bugs from the zoo (`reference-server/src/bugs.ts`). */
  bugs?: readonly string[];
  /** Admin endpoint: a port, `true` or 0 for any free port, `false`/undefined for none. */
  adminPort?: number | boolean;
  /** SQLite busy timeout in ms. */
  busyTimeoutMs?: number;
  /** PostgreSQL statement/query timeout in ms. */
  queryTimeoutMs?: number;
  /** Engine.IO ping interval in ms (faster dead-connection detection). */
  pingIntervalMs?: number;
  /** Engine.IO ping timeout in ms. */
  pingTimeoutMs?: number;
  /** This node's name (`n0`, `n1`...), in its log lines and its listening line. */
  node?: string;
  /** Run as one node of several sharing the store, through this adapter. */
  adapter?: LaunchAdapter;
  /** With an adapter: how often the node reads the table for rows other nodes stored (default 300 ms). */
  pollIntervalMs?: number;
  /**
   * `--adapter cluster --workers N` instead of `adapter`: one node:cluster
   * primary process, N worker nodes joined by @socket.io/cluster-adapter,
   * each on a port of its own (see `workers` of the result).
   */
  cluster?: {
    workers: number;
    /** Each worker's port (`--worker-ports`), instead of `port` shifted by its index. */
    ports?: readonly number[];
    /** Each worker's admin port (`--worker-admin-ports`), with `adminPort`. */
    adminPorts?: readonly number[];
  };
  /** Extra environment (merged over this process's), e.g. `{ DEBUG: 'siochaos:*' }`. */
  env?: NodeJS.ProcessEnv;
  /** More command-line arguments, passed last. */
  extraArgs?: readonly string[];
  /** How long to wait for the `listening` line (default 15 000 ms). */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5000 ms). */
  stopTimeoutMs?: number;
  /**
   * Start it in a process group of its own with a parent-death signal, as
   * siochaos does (see `shared/process/ownGroup.ts`). Default: in the
   * caller's process group.
   */
  ownGroup?: OwnGroupOptions;
}

/** A reference server process that is listening. */
export interface LaunchedReferenceServer {
  readonly pid: number;
  readonly port: number;
  readonly host: string;
  /** Null when the admin endpoint is off. */
  readonly adminPort: number | null;
  /** The node's name, null when none was given. */
  readonly node: string | null;
  /** With `cluster`: every worker node, in order (the first is the one `port` names); the process above is their primary. */
  readonly workers?: readonly ClusterWorker[];
  readonly process: ChildProcess;
  /** The last lines (default and at most 200) the process wrote to stderr, blank ones left out. */
  stderrTail(lines?: number): string;
  /** SIGTERM, wait for the exit; SIGKILL if it has not exited within `stopTimeoutMs`. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL); does not wait. */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** Resolves when the process has exited and its last stderr lines are in. */
  settled(): Promise<ProcessExit>;
  /** Whether the process is still running. */
  running(): boolean;
}

interface ListeningLine {
  event: 'listening';
  host: string;
  port: number;
  adminPort: number | null;
  node: string | null;
  /** A cluster worker's pid. */
  pid?: number;
}

/** A worker node of a `cluster` reference server. */
export interface ClusterWorker {
  readonly node: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly adminPort: number | null;
}

/**
 * Spawns `node reference-server/src/main.js --exit-with-stdin ...` (see {@link serverEntry})
 * and resolves once it prints its `listening` line. Rejects, with the last
 * stderr lines, if it exits first or does not listen within `startTimeoutMs`
 * (then it is killed).
 *
 * @example
 * const server = await launchReferenceServer({ db: '/tmp/t1/chat.sqlite', bugs: ['no-unique'], adminPort: true });
 * const socket = io(`http://${server.host}:${server.port}`);
 * await server.stop();
 * // two nodes sharing one PostgreSQL table through the Redis adapter:
 * const adapter = { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'run1' } as const;
 * const n0 = await launchReferenceServer({ store: pgUrl, table: 't1', node: 'n0', adapter });
 * const n1 = await launchReferenceServer({ store: pgUrl, table: 't1', node: 'n1', adapter });
 */
export async function launchReferenceServer(options: LaunchOptions): Promise<LaunchedReferenceServer> {
  const args = buildArgs(options);
  const server = startProcess([process.execPath, ...(await serverEntry()), ...args], {
    env: { ...process.env, ...options.env },
    stdin: 'pipe',
    ...(options.ownGroup ? { ownGroup: options.ownGroup } : {}),
  });
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  // One listening line, or one per cluster worker.
  const expected = options.cluster?.workers ?? 1;
  const seen: ListeningLine[] = [];
  const ready = await waitUntilReady(server, {
    line: (line, stream) => {
      const listening = stream === 'stdout' ? parseListeningLine(line) : undefined;
      if (listening) seen.push(listening);
      return seen.length >= expected ? seen : undefined;
    },
    timeoutMs: startTimeoutMs,
  });
  const stderrTail = (lines = STDERR_TAIL_LINES): string => server.tail(lines, 'stderr');
  if (!ready.ready) {
    let message: string;
    if (ready.why === 'timeout') {
      server.signal('SIGKILL');
      message = `the reference server did not print its listening line within ${startTimeoutMs} ms and was killed`;
    } else {
      const { code, signal } = await server.exited;
      message = server.pid < 0 ? 'cannot spawn the reference server' : `the reference server exited (${signal ?? `code ${code}`}) before it listened`;
    }
    const tail = stderrTail().trim();
    throw new Error(tail ? `${message}; its stderr ended with:\n${tail}` : `${message} (it wrote nothing to stderr)`);
  }
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  // Workers print their lines as they come up: in node order here (n0, n1...).
  const lines = [...ready.value].sort((a, b) => (a.node ?? '').localeCompare(b.node ?? '', 'en', { numeric: true }));
  const listening = lines[0]!;
  const workers = options.cluster
    ? lines.map((line) => ({ node: line.node ?? '', pid: line.pid ?? -1, host: line.host, port: line.port, adminPort: line.adminPort }))
    : undefined;
  return {
    ...(workers ? { workers } : {}),
    pid: server.pid,
    port: listening.port,
    host: listening.host,
    adminPort: listening.adminPort,
    node: listening.node,
    process: server.child,
    stderrTail,
    exited: server.exited,
    settled: server.settled,
    running: server.running,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => server.signal(signal),
    stop: () => server.stop(stopTimeoutMs),
  };
}

function buildArgs(options: LaunchOptions): string[] {
  if (options.db !== undefined && options.store !== undefined) {
    throw new Error('launchReferenceServer: give either db (a SQLite file) or store (a PostgreSQL URL), not both');
  }
  if (options.db === undefined && options.store === undefined) {
    throw new Error('launchReferenceServer: give db (a SQLite file path) or store (a postgres:// URL)');
  }
  const args = ['--exit-with-stdin', '--port', String(options.port ?? 0)];
  if (options.host !== undefined) args.push('--host', options.host);
  if (options.db !== undefined) args.push('--db', options.db);
  if (options.store !== undefined) args.push('--store', options.store);
  if (options.table !== undefined) args.push('--table', options.table);
  for (const bug of options.bugs ?? []) args.push('--bug', bug);
  if (options.adminPort !== undefined && options.adminPort !== false) {
    args.push('--admin-port', String(options.adminPort === true ? 0 : options.adminPort));
  }
  if (options.busyTimeoutMs !== undefined) args.push('--busy-timeout', String(options.busyTimeoutMs));
  if (options.queryTimeoutMs !== undefined) args.push('--query-timeout', String(options.queryTimeoutMs));
  if (options.pingIntervalMs !== undefined) args.push('--ping-interval', String(options.pingIntervalMs));
  if (options.pingTimeoutMs !== undefined) args.push('--ping-timeout', String(options.pingTimeoutMs));
  if (options.node !== undefined) args.push('--node', options.node);
  if (options.adapter !== undefined && options.cluster !== undefined) {
    throw new Error('launchReferenceServer: give adapter (one node of several) or cluster (a primary and its workers), not both');
  }
  if (options.cluster !== undefined) {
    args.push('--adapter', 'cluster', '--workers', String(options.cluster.workers));
    if (options.cluster.ports) args.push('--worker-ports', options.cluster.ports.join(','));
    if (options.cluster.adminPorts) args.push('--worker-admin-ports', options.cluster.adminPorts.join(','));
  }
  if (options.adapter !== undefined) {
    args.push('--adapter', options.adapter.kind, '--adapter-url', options.adapter.url, '--adapter-prefix', options.adapter.prefix);
  }
  if (options.pollIntervalMs !== undefined) args.push('--poll-interval', String(options.pollIntervalMs));
  args.push(...(options.extraArgs ?? []));
  return args;
}

function parseListeningLine(line: string): ListeningLine | undefined {
  try {
    const value = JSON.parse(line) as Partial<ListeningLine>;
    if (value?.event === 'listening' && typeof value.port === 'number' && typeof value.host === 'string') {
      const pid = typeof value.pid === 'number' ? { pid: value.pid } : {};
      return { event: 'listening', host: value.host, port: value.port, adminPort: value.adminPort ?? null, node: value.node ?? null, ...pid };
    }
  } catch {
    // not our line
  }
  return undefined;
}
