import type { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { TargetPromises } from '../model/promises.js';
import type { TargetExit } from './exitMonitor.js';
import type { StoredRow } from '../model/storedRow.js';

export type { StoredRow } from '../model/storedRow.js';

/** Where clients reach a target (directly, not through Toxiproxy). */
export interface TargetAddress {
  host: string;
  port: number;
}

/**
 * Control over the target's process, when the harness started it. Process
 * faults use it; a target reached by URL has none.
 */
export interface TargetProcess {
  /** The PID of the running process, or undefined while it is down. */
  pid(): number | undefined;
  /** Whether a process is up right now. */
  isRunning(): boolean;
  /** Sends a signal to the process without waiting (SIGSTOP, SIGCONT, ...). */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL and wait until it is gone. */
  crash(): Promise<void>;
  /** SIGTERM (graceful) and wait until it is gone. */
  terminate(): Promise<void>;
  /** Starts it again on the same port and the same store. */
  restart(): Promise<void>;
  /**
   * Marks the running process's next exit as caused by siochaos (with false,
   * clears the mark; with a signal, only an exit by that signal is siochaos's).
   * A fault that makes the process end by other means than {@link crash} or
   * {@link terminate} calls it first: a failpoint it arms passes `SIGKILL`, the
   * signal the process kills itself with, so that a crash of the server's own
   * (an exit code, another signal) while the failpoint waits is still heard.
   */
  expectExit?(expected?: boolean | NodeJS.Signals): void;
  /**
   * Calls `listener` with every exit siochaos did not cause (those before the
   * call first): a server that died on its own. Returns how to stop listening.
   *
   * @example
   * const stop = target.process.onUnexpectedExit?.((exit) => console.log(exit.code, exit.stderr));
   */
  onUnexpectedExit?(listener: (exit: TargetExit) => void): () => void;
}

/**
 * The points in a chat target's message handler where a failpoint can fire, in
 * the order a message passes them: about to insert; stored but not acked;
 * broadcast but not acked (a correct server's order); acked but not broadcast
 * (reached only by servers that ack first).
 *
 * @example
 * FAILPOINT_POINTS.includes('before-insert'); // true
 */
export const FAILPOINT_POINTS = [
  'before-insert',
  'after-insert-before-ack',
  'after-broadcast-before-ack',
  'after-ack-before-broadcast',
] as const;

/**
 * A point in a target's message handler where a failpoint can fire.
 *
 * @example
 * const point: FailpointPoint = 'after-insert-before-ack';
 */
export type FailpointPoint = (typeof FAILPOINT_POINTS)[number];

/**
 * Failpoints of a target that has them: armed, the process kills itself
 * (SIGKILL) when the next message reaches the point. The `crash-at` fault uses it.
 *
 * @example
 * await target.failpoints?.arm('after-insert-before-ack', 1);
 * await target.failpoints?.disarm();
 */
export interface TargetFailpoints {
  /** The points this target knows, in the order a message passes them. */
  readonly points: readonly FailpointPoint[];
  /**
   * Arms `point` to crash the process on the next `times` messages that reach it.
   *
   * @throws Error with the target's reason when it refuses (a point it never reaches) or is not running.
   */
  arm(point: FailpointPoint, times: number): Promise<void>;
  /** Disarms every point. Does nothing while the process is down (a new process starts disarmed). */
  disarm(): Promise<void>;
}

/**
 * A SQLite store: one file (in WAL mode, with `-wal` and `-shm` beside it).
 *
 * @example
 * const database: SqliteDatabase = { kind: 'sqlite', file: '/tmp/s1/chat.sqlite', busyTimeoutMs: 2000 };
 */
export interface SqliteDatabase {
  readonly kind: 'sqlite';
  /** The database file. */
  readonly file: string;
  /** How long the server waits for a lock held elsewhere before SQLITE_BUSY, in ms. */
  readonly busyTimeoutMs: number;
}

/**
 * A PostgreSQL store that the target reaches through its own Toxiproxy proxy,
 * so that database faults can cut or stall it.
 *
 * @example
 * if (target.database?.kind === 'postgres') await target.database.proxy().setEnabled(0, false);
 */
export interface PostgresDatabase {
  readonly kind: 'postgres';
  /** The URL the harness reads through, straight to the database (not through the proxy). */
  readonly url: string;
  /** The messages table of this target. */
  readonly table: string;
  /** How long the server lets a query run before it gives up, in ms. */
  readonly queryTimeoutMs: number;
  /**
   * True when the nodes of a multi-node target reach the database through
   * one proxy they share (one command opening every node's port, `{ports}`):
   * a fault cannot cut one node from it.
   */
  readonly sharedByNodes?: boolean;
  /**
   * The one-proxy pool between the server and the database (index 0).
   *
   * @throws Error when the target has not started yet.
   */
  proxy(): ProxyPool;
}

/**
 * The store of a target, for database faults.
 *
 * @example
 * const file = target.database?.kind === 'sqlite' ? target.database.file : undefined;
 */
export type TargetDatabase = SqliteDatabase | PostgresDatabase;

/**
 * One node of a target that runs as several processes behind a load balancer
 * (Socket.IO scaled out with an adapter). Names are `n0`, `n1`, ... in start
 * order; clients are spread over them and can be moved between them.
 *
 * @example
 * const node = target.nodes?.[1];
 * await node?.process?.crash(); // that node alone
 */
export interface TargetNode {
  /** `n0`, `n1`, ...: how history events and faults name it. */
  readonly name: string;
  /**
   * Where clients reach this node directly (its Socket.IO port).
   *
   * @throws Error when the target has not started yet.
   */
  address(): TargetAddress;
  /** Process control of this node alone, when the harness owns its process. */
  readonly process?: TargetProcess;
}

/** The Socket.IO adapters siochaos knows how to run and to fault. */
export const ADAPTER_KINDS = ['redis', 'redis-streams', 'postgres', 'cluster'] as const;

/**
 * How the nodes of a target reach each other: `redis` (@socket.io/redis-adapter,
 * Pub/Sub), `redis-streams` (@socket.io/redis-streams-adapter), `postgres`
 * (@socket.io/postgres-adapter, LISTEN/NOTIFY) or `cluster` (node:cluster IPC,
 * @socket.io/cluster-adapter).
 */
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

/**
 * The adapter between the nodes of a target, for adapter faults: each node
 * reaches the adapter's backend (Redis, or PostgreSQL for the postgres
 * adapter) through a Toxiproxy proxy of its own, so one node can be cut from
 * it while the others stay connected.
 *
 * @example
 * await target.adapter?.proxies?.().setEnabled(1, false); // n1 cut from Redis
 */
export interface TargetAdapter {
  readonly kind: AdapterKind;
  /**
   * One proxy per node (index = node index) between the node and the
   * adapter's backend; absent when the adapter has no backend to cut
   * (`cluster`: IPC through the primary process), or when the nodes share
   * one way to it (the workers of one `{ports}` command).
   *
   * @throws Error when the target has not started yet.
   */
  proxies?(): ProxyPool;
}

/** Options of {@link Target.start}. */
export interface TargetStartOptions {
  /** Aborted (Ctrl-C): the start ends at its next step and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The server under test: how to start and stop it, where clients connect, and
 * how to read back what it stored.
 *
 * @example
 * const target = referenceServerTarget({ dataDir });
 * const address = await target.start();
 * const rows = await target.readStore();
 * await target.stop();
 */
export interface Target {
  readonly name: string;
  /**
   * Starts the target; resolves once it accepts connections. A target that
   * starts in steps (several nodes, a database, Redis) stops between them
   * once `options.signal` is aborted: it rejects, with what it started
   * stopped, instead of finishing a start nobody waits for.
   */
  start(options?: TargetStartOptions): Promise<TargetAddress>;
  /** Reads every stored message, in server-offset order. */
  readStore(): Promise<StoredRow[]>;
  /** Stops the target and releases what it holds. Idempotent. */
  stop(): Promise<void>;
  /** Process control, when the harness owns the process. */
  readonly process?: TargetProcess;
  /** Failpoints, when the target has them (the reference server with its admin endpoint). */
  readonly failpoints?: TargetFailpoints;
  /** Its store, when the harness knows where it is (database faults act on it). */
  readonly database?: TargetDatabase;
  /**
   * Its nodes, when it runs more than one (absent for a single process).
   * `start()` then resolves with the first node's address, `process` acts on
   * every node at once, and clients are spread over the nodes.
   */
  readonly nodes?: readonly TargetNode[];
  /** The adapter between its nodes, when it has nodes. */
  readonly adapter?: TargetAdapter;
  /**
   * What it promises, for the campaign's choice of anomaly kinds to judge
   * (see {@link targetPromises}): a store siochaos reads, a process siochaos watches.
   */
  readonly promises?: Partial<TargetPromises>;
}

/**
 * What a target promises: what it declares, else a store, and a process when
 * siochaos has control over it. A campaign whose store is `none` reads no store
 * whatever the target says (`storeRead: false`).
 *
 * @example
 * targetPromises(urlTarget(config, store), true); // { store: true, process: false }
 */
export function targetPromises(target: Target, storeRead = true): TargetPromises {
  return { store: storeRead && (target.promises?.store ?? true), process: target.promises?.process ?? target.process !== undefined };
}
