import type { BugSet } from './bugs.js';
import type { StoreLocation } from './store/openStore.js';

/** The Socket.IO adapters a node can scale out with. */
export const ADAPTER_NAMES = ['redis', 'redis-streams', 'postgres'] as const;

/** `redis` (@socket.io/redis-adapter, Pub/Sub), `redis-streams` (@socket.io/redis-streams-adapter), `postgres` (@socket.io/postgres-adapter). */
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/**
 * How this node reaches the other nodes: the adapter, the URL of its backend
 * (a redis:// URL, or a postgres:// URL for the postgres adapter: each node may
 * get its own, through a proxy of its own), and the prefix of its keys,
 * channels and tables, so that concurrent deployments never see each other.
 */
export interface AdapterConfig {
  kind: AdapterName;
  url: string;
  prefix: string;
}

/** Everything the reference server needs to start, fully resolved. */
export interface ServerConfig {
  /** A loopback address to listen on. */
  host: string;
  /** 0 for any free port. */
  port: number;
  store: StoreLocation;
  /** The messages table's name. */
  table: string;
  bugs: BugSet;
  /** Port of the admin endpoint on 127.0.0.1 (0 = any), or null for none. */
  adminPort: number | null;
  /** Exit when stdin reaches EOF (the process that started us died). */
  exitWithStdin: boolean;
  /** Engine.IO heartbeat: how often the server pings. */
  pingIntervalMs: number;
  /** Engine.IO heartbeat: how long a ping may go unanswered before the connection is dropped. */
  pingTimeoutMs: number;
  /** This node's name (`n0`, `n1`...), in every log line; null for a single process. */
  node: string | null;
  /** The adapter to the other nodes sharing the store; null for a single process (the in-memory adapter). */
  adapter: AdapterConfig | null;
  /** With an adapter: how often the node reads the table for rows other nodes stored (ms). */
  pollIntervalMs: number;
  /**
   * `--adapter cluster --workers N`: a node:cluster primary forks N workers,
   * each a node (`n0`...) with a port of its own, joined by
   * @socket.io/cluster-adapter through the primary. Null otherwise.
   */
  workers: number | null;
  /**
   * With `workers`: each worker's port (`--worker-ports`), in node order,
   * instead of `port` shifted by the worker's index; null to shift `port`.
   */
  workerPorts: readonly number[] | null;
  /** With `workers`: each worker's admin port (`--worker-admin-ports`), instead of `adminPort` shifted; null to shift it. */
  workerAdminPorts: readonly number[] | null;
}

/**
 * Defaults of every option, in one place.
 *
 * @example
 * const port = args.port ?? DEFAULTS.port;
 */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  db: 'chat.sqlite',
  table: 'messages',
  busyTimeoutMs: 2000,
  queryTimeoutMs: 2000,
  /** Socket.IO's own defaults. */
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  /** With an adapter: the table is read this often for rows other nodes stored, so a node cut from the adapter still delivers them. */
  pollIntervalMs: 300,
  /** The most workers `--adapter cluster` forks. */
  maxWorkers: 16,
  /** The adapter's key, channel and table prefix. */
  adapterPrefix: 'siochaos',
  /** Connection state recovery window, as in the tutorial. */
  maxDisconnectionDurationMs: 120_000,
} as const;

/** Limits of the `chat message` arguments; bigger ones are rejected. */
export const LIMITS = {
  contentChars: 10_000,
  clientOffsetChars: 200,
} as const;
