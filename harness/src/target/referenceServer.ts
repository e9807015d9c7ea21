import path from 'node:path';
import { SetupError } from '../errors/SetupError.js';
import { CLUSTER_NEEDS_SQLITE } from '../model/config.js';
import { readSqliteRows } from '../stores/readSqlite.js';
import { DEFAULT_POSTGRES_URL, openProxiedPostgres, uniqueTableName, type ProxiedPostgres } from './postgresDatabase.js';
import { referenceClusterTarget } from './referenceCluster.js';
import { referenceFailpoints } from './referenceFailpoints.js';
import { MAX_REFERENCE_NODES, REFERENCE_ADAPTERS, referenceNodesTarget, type ReferenceAdapter } from './referenceNodes.js';
import { REFERENCE_STORE_QUERY, ReferenceProcess, referenceDatabase } from './referenceNodesProcess.js';
import type { RedisServer } from '../provision/redis.js';
import type { StoredRow, Target, TargetAddress, TargetDatabase, TargetFailpoints, TargetProcess } from './Target.js';

export { REFERENCE_STORE_QUERY } from './referenceNodesProcess.js';

/**
 * Defaults of {@link ReferenceServerOptions}. The heartbeat is much shorter
 * than Socket.IO's 25 s + 20 s, so that a paused or blackholed server's
 * connections really expire within a scenario.
 *
 * @example
 * REFERENCE_TARGET_DEFAULTS.pingIntervalMs; // 1000
 */
export const REFERENCE_TARGET_DEFAULTS = {
  store: 'sqlite',
  busyTimeoutMs: 2000,
  queryTimeoutMs: 1000,
  pingIntervalMs: 1000,
  pingTimeoutMs: 1000,
  postgresUrl: DEFAULT_POSTGRES_URL,
} as const;

/**
 * Options of {@link referenceServerTarget}.
 *
 * @example
 * const options: ReferenceServerOptions = { dataDir, store: 'postgres', toxiproxyUrl, failpoints: true };
 */
export interface ReferenceServerOptions {
  /** A folder of this scenario's own: the SQLite file goes there. */
  dataDir: string;
  /** Planted bugs to switch on (the bug zoo), by name. */
  bugs?: string[];
  /** `sqlite` (a file in `dataDir`, the default) or `postgres` (a table of its own, behind a Toxiproxy proxy). */
  store?: 'sqlite' | 'postgres';
  /** SQLite busy timeout of the server, in ms (default 2000). */
  busyTimeoutMs?: number;
  /** Where the stderr of a server process that died on its own is kept (one file per process); nothing is kept without it. */
  logDir?: string;
  /** PostgreSQL query timeout of the server, in ms (default 1000). */
  queryTimeoutMs?: number;
  /** Enable the failpoint admin endpoint (for crash-at-a-point faults). */
  failpoints?: boolean;
  /** Engine.IO ping interval, in ms (default 1000). */
  pingIntervalMs?: number;
  /** Engine.IO ping timeout, in ms (default 1000). */
  pingTimeoutMs?: number;
  /** The Toxiproxy API the database proxy is made on; required with `store: 'postgres'`. */
  toxiproxyUrl?: string;
  /** The PostgreSQL database, reached directly (default `postgres://postgres@127.0.0.1:5432/test`). */
  postgresUrl?: string;
  /**
   * How many node processes (1 to 8, default 1). More than one share one
   * store (`store` defaults to `postgres` then) and reach each other through
   * `adapter`; clients are spread over them (see `Target.nodes`).
   */
  nodes?: number;
  /**
   * The Socket.IO adapter between the nodes: required with more than one
   * node. `cluster` runs one node:cluster process, a worker per node, on one
   * SQLite file (see `referenceClusterTarget`); the others a process per node.
   */
  adapter?: ReferenceAdapter | 'cluster';
  /** With nodes and a Redis adapter: where it gets Redis at start (default `provideRedis`); one it gets `owned` it stops at stop. */
  redis?: () => Promise<RedisServer>;
}

/**
 * The reference server target: a {@link Target} with process control, a known
 * database, and a few extras for tests.
 *
 * @example
 * expect(target.logTail()).toContain('SQLITE_BUSY');
 */
export interface ReferenceServerTarget extends Target {
  readonly process: TargetProcess;
  readonly database: TargetDatabase;
  /** The admin endpoint's port, when failpoints are on and the server has started. */
  adminPort(): number | undefined;
  /** The last lines the current (or last) server process wrote to stderr. */
  logTail(): string;
  /** With nodes: the adapter's key, channel and table prefix, this target's alone (its Redis keys are deleted at stop). */
  readonly adapterPrefix?: string;
}

/**
 * The reference server as a target: our own chat server, started as its own
 * process on a free loopback port, with a fresh SQLite file or a fresh
 * PostgreSQL table reached through a Toxiproxy proxy of its own.
 *
 * @example
 * const target = referenceServerTarget({ dataDir: '/tmp/scenario-1', bugs: ['no-unique'] });
 * const { port } = await target.start();
 * @example
 * const target = referenceServerTarget({ dataDir, store: 'postgres', toxiproxyUrl: toxiproxy.url });
 */
export function referenceServerTarget(options: ReferenceServerOptions): ReferenceServerTarget {
  const nodes = options.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_REFERENCE_NODES) {
    throw new SetupError(`the reference target runs 1 to ${MAX_REFERENCE_NODES} nodes, got ${options.nodes} (for example nodes: 3)`);
  }
  if (options.adapter !== undefined && !(REFERENCE_ADAPTERS as readonly string[]).includes(options.adapter)) {
    throw new SetupError(`the reference target has no adapter ${options.adapter}: use one of ${REFERENCE_ADAPTERS.join(', ')}`);
  }
  if (nodes > 1) return multiNode(options, nodes);
  const settings = { ...REFERENCE_TARGET_DEFAULTS, ...definedOnly(options) };
  if (settings.store === 'postgres' && !settings.toxiproxyUrl) {
    throw new SetupError('the reference target with store postgres needs toxiproxyUrl: pass the Toxiproxy API URL its database proxy is made on');
  }
  const sqliteFile = path.join(options.dataDir, 'chat.sqlite');
  const table = settings.store === 'postgres' ? uniqueTableName() : 'messages';
  let postgres: ProxiedPostgres | undefined;
  const server = new ReferenceProcess({
    launch: () => ({
      ...(postgres
        ? { store: postgres.serverUrl, table, queryTimeoutMs: settings.queryTimeoutMs }
        : { db: sqliteFile, busyTimeoutMs: settings.busyTimeoutMs }),
      bugs: options.bugs ?? [],
      pingIntervalMs: settings.pingIntervalMs,
      pingTimeoutMs: settings.pingTimeoutMs,
    }),
    failpoints: options.failpoints ?? false,
    dataDir: options.dataDir,
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const processControl = server.control;

  const database = referenceDatabase({ ...settings, file: sqliteFile, url: settings.postgresUrl, table }, () => postgres);

  const failpoints: TargetFailpoints | undefined = options.failpoints
    ? referenceFailpoints({ adminPort: () => server.adminPort(), isRunning: processControl.isRunning })
    : undefined;

  return {
    name: 'reference-server',
    process: processControl,
    promises: { store: true, process: true },
    database,
    ...(failpoints ? { failpoints } : {}),
    adminPort: () => server.adminPort(),
    logTail: () => server.logTail(),
    async start(): Promise<TargetAddress> {
      if (settings.store === 'postgres') {
        postgres = await openProxiedPostgres({ toxiproxyUrl: settings.toxiproxyUrl!, url: settings.postgresUrl, table });
      }
      return server.start();
    },
    readStore(): Promise<StoredRow[]> {
      return postgres ? postgres.readRows() : readSqliteRows(sqliteFile, REFERENCE_STORE_QUERY);
    },
    async stop() {
      await server.stop();
      await postgres?.close();
    },
  };
}

/** The reference target with several nodes (see `referenceNodesTarget`), its options resolved. */
function multiNode(options: ReferenceServerOptions, nodes: number): ReferenceServerTarget {
  const { adapter } = options;
  if (!adapter) {
    throw new SetupError(`the reference target with ${nodes} nodes needs an adapter between them: set adapter to one of ${REFERENCE_ADAPTERS.join(', ')} (for example --adapter redis)`);
  }
  if (adapter === 'cluster') {
    if (options.store === 'postgres') throw new SetupError(CLUSTER_NEEDS_SQLITE);
    const settings = { ...REFERENCE_TARGET_DEFAULTS, ...definedOnly(options) };
    return referenceClusterTarget({
      dataDir: options.dataDir,
      nodes,
      bugs: options.bugs ?? [],
      failpoints: options.failpoints ?? false,
      busyTimeoutMs: settings.busyTimeoutMs,
      pingIntervalMs: settings.pingIntervalMs,
      pingTimeoutMs: settings.pingTimeoutMs,
      ...(options.logDir ? { logDir: options.logDir } : {}),
    });
  }
  const settings = { ...REFERENCE_TARGET_DEFAULTS, store: 'postgres' as const, ...definedOnly(options) };
  if (!settings.toxiproxyUrl) {
    throw new SetupError('the reference target with nodes needs toxiproxyUrl: pass the Toxiproxy API URL its database and adapter proxies are made on');
  }
  return referenceNodesTarget({
    dataDir: options.dataDir,
    nodes,
    adapter,
    store: settings.store,
    toxiproxyUrl: settings.toxiproxyUrl,
    postgresUrl: settings.postgresUrl,
    bugs: options.bugs ?? [],
    failpoints: options.failpoints ?? false,
    busyTimeoutMs: settings.busyTimeoutMs,
    queryTimeoutMs: settings.queryTimeoutMs,
    pingIntervalMs: settings.pingIntervalMs,
    pingTimeoutMs: settings.pingTimeoutMs,
    ...(options.logDir ? { logDir: options.logDir } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  });
}

/** The options that were given (an explicit `undefined` does not override a default). */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
