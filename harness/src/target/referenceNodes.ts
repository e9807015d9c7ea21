import path from 'node:path';
import createDebug from 'debug';
import pg from 'pg';
import { SetupError } from '../errors/SetupError.js';
import { MAX_REFERENCE_NODES, REFERENCE_ADAPTERS } from '../model/config.js';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../provision/redis.js';
import { readSqliteRows } from '../stores/readSqlite.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import { openProxiedPostgres, uniqueTableName, type ProxiedPostgres } from './postgresDatabase.js';
import { referenceFailpoints, type FailpointHost } from './referenceFailpoints.js';
import { REFERENCE_STORE_QUERY, ReferenceProcess, referenceDatabase, type ReferenceLaunch } from './referenceNodesProcess.js';
import type {
  StoredRow, Target, TargetAdapter, TargetAddress, TargetDatabase, TargetFailpoints, TargetNode, TargetProcess, TargetStartOptions,
} from './Target.js';
import type { TargetExit } from './exitMonitor.js';

const debug = createDebug('siochaos:target');

// The adapters the reference server runs with, and its most nodes: defined with the config (model/config.ts).
export { MAX_REFERENCE_NODES, REFERENCE_ADAPTERS };

/**
 * An adapter the reference server runs its node processes with, one process
 * per node (the cluster adapter runs them as workers of one process instead:
 * see `referenceClusterTarget`).
 *
 * @example
 * const adapter: ReferenceAdapter = 'redis-streams';
 */
export type ReferenceAdapter = Exclude<(typeof REFERENCE_ADAPTERS)[number], 'cluster'>;

/**
 * Options of {@link referenceNodesTarget}: the reference target's, resolved
 * (see `referenceServerTarget`, which makes this target when `nodes` > 1).
 *
 * @example
 * const options: ReferenceNodesOptions = { dataDir, nodes: 3, adapter: 'redis', store: 'postgres', toxiproxyUrl, ... };
 */
export interface ReferenceNodesOptions {
  dataDir: string;
  nodes: number;
  adapter: ReferenceAdapter;
  /** `postgres` (one table, each node through a proxy of its own) or `sqlite` (one file all nodes open). */
  store: 'sqlite' | 'postgres';
  toxiproxyUrl: string;
  postgresUrl: string;
  bugs: readonly string[];
  failpoints: boolean;
  busyTimeoutMs: number;
  queryTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  logDir?: string;
  /**
   * Where the target gets Redis at start (redis and redis-streams adapters;
   * default `provideRedis`: REDIS_URL, else a redis-server it starts). One
   * it gets `owned` it stops at stop: give a campaign's as not owned.
   */
  redis?: () => Promise<RedisServer>;
}

/**
 * A multi-node reference target: its nodes, its adapter, and the extras of
 * the reference target.
 *
 * @example
 * await target.nodes[1].process.crash(); // n1 alone
 */
export interface ReferenceNodesTarget extends Target {
  readonly process: TargetProcess;
  readonly database: TargetDatabase;
  readonly nodes: readonly (TargetNode & { readonly process: TargetProcess })[];
  readonly adapter: TargetAdapter & { proxies(): ProxyPool };
  /** The first node's admin endpoint port, when failpoints are on and it has started. */
  adminPort(): number | undefined;
  /** The last stderr lines of every node, each line prefixed with its node's name. */
  logTail(): string;
  /** The adapter's key, channel and table prefix, this target's alone (its Redis keys are deleted at stop). */
  readonly adapterPrefix: string;
}

/** One node: its process and its proxies' indices (= its index). */
interface Node {
  name: string;
  server: ReferenceProcess;
}

/**
 * The reference server as N node processes (`n0`..`n{N-1}`) behind one
 * target: they share one store (a PostgreSQL table, or one SQLite file) and
 * reach each other through a Socket.IO adapter (Redis Pub/Sub, Redis
 * Streams, or PostgreSQL LISTEN/NOTIFY). Each node reaches the store through
 * a database proxy of its own (`database.proxy()`, index = node: database
 * faults per node) and the adapter's backend through an adapter proxy of its
 * own (`adapter.proxies()`, index = node). Redis keys and channels carry a
 * prefix of this target's own (`scenarioRedisPrefix`), deleted at stop.
 *
 * `process` acts on every node at once; `nodes[i].process` on that node
 * alone. An exit siochaos did not cause is told with its node's name.
 *
 * @throws SetupError (from start) when Redis or PostgreSQL cannot be reached, or a node does not start.
 * @example
 * const target = referenceNodesTarget({ ...resolved, nodes: 3, adapter: 'redis' });
 * await target.start();
 * target.nodes[2]!.address(); // { host: '127.0.0.1', port: 41234 }
 * await target.stop();
 */
export function referenceNodesTarget(options: ReferenceNodesOptions): ReferenceNodesTarget {
  const sqliteFile = path.join(options.dataDir, 'chat.sqlite');
  const table = options.store === 'postgres' ? uniqueTableName() : 'messages';
  const usesRedis = options.adapter !== 'postgres';
  // Key, channel and (postgres adapter) table prefix of this target alone.
  const prefix = usesRedis ? scenarioRedisPrefix() : `${uniqueTableName()}_adapter`;
  let postgres: ProxiedPostgres | undefined;
  let redis: RedisServer | undefined;
  let ownedRedis: RedisServer | undefined;
  let adapterProxies: ProxyPool | undefined;

  const launchOf = (index: number, name: string): ReferenceLaunch => ({
    ...(postgres
      ? { store: postgres.serverUrls[index]!, table, queryTimeoutMs: options.queryTimeoutMs }
      : { db: sqliteFile, busyTimeoutMs: options.busyTimeoutMs }),
    bugs: options.bugs,
    pingIntervalMs: options.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs,
    node: name,
    adapter: { kind: options.adapter, url: adapterUrl(index), prefix },
  });
  const nodes: Node[] = Array.from({ length: options.nodes }, (_, index) => {
    const name = `n${index}`;
    return {
      name,
      server: new ReferenceProcess({
        launch: () => launchOf(index, name),
        failpoints: options.failpoints,
        dataDir: options.dataDir,
        node: name,
        ...(options.logDir ? { logDir: options.logDir } : {}),
      }),
    };
  });

  /** Node `index`'s URL to the adapter's backend: through its own adapter proxy. */
  function adapterUrl(index: number): string {
    if (!adapterProxies) throw new Error('the adapter proxies exist only once the target has started');
    const url = new URL(usesRedis ? redis!.url : options.postgresUrl);
    url.hostname = '127.0.0.1';
    url.port = String(adapterProxies.entries[index]!.port);
    return url.toString();
  }

  const everyNode = aggregateProcess(nodes);
  const database = referenceDatabase({ ...options, file: sqliteFile, url: options.postgresUrl, table }, () => postgres);
  const adapter = {
    kind: options.adapter,
    proxies(): ProxyPool {
      if (!adapterProxies) throw new Error('the reference target has not started: its adapter proxies exist only after start()');
      return adapterProxies;
    },
  };
  const failpoints: TargetFailpoints | undefined = options.failpoints
    ? nodesFailpoints(nodes.map((node) => ({ adminPort: () => node.server.adminPort(), isRunning: node.server.control.isRunning })))
    : undefined;

  async function release(): Promise<void> {
    await Promise.all(nodes.map((node) => node.server.stop()));
    await adapterProxies?.destroy();
    adapterProxies = undefined;
    if (redis) {
      await deleteRedisKeys(redis.url, prefix).catch((err: unknown) => debug('deleting redis keys %s failed: %s', prefix, (err as Error).message));
    }
    if (options.adapter === 'postgres') await dropAdapterTable(options.postgresUrl, prefix);
    await postgres?.close();
    await ownedRedis?.stop();
    ownedRedis = undefined;
  }

  return {
    name: 'reference-server',
    process: everyNode,
    promises: { store: true, process: true },
    database,
    adapter,
    nodes: nodes.map((node) => ({ name: node.name, address: () => node.server.address(), process: node.server.control })),
    ...(failpoints ? { failpoints } : {}),
    adapterPrefix: prefix,
    adminPort: () => nodes[0]!.server.adminPort(),
    logTail: () =>
      nodes
        .flatMap((node) => node.server.logTail().split('\n').filter(Boolean).map((line) => `[${node.name}] ${line}`))
        .join('\n'),
    async start({ signal }: TargetStartOptions = {}): Promise<TargetAddress> {
      try {
        if (options.store === 'postgres') {
          postgres = await openProxiedPostgres({ toxiproxyUrl: options.toxiproxyUrl, url: options.postgresUrl, table, proxies: options.nodes });
        }
        signal?.throwIfAborted();
        let upstream: string;
        if (usesRedis) {
          redis = await (options.redis ?? provideRedis)();
          if (redis.owned) ownedRedis = redis;
          upstream = redis.address;
        } else {
          const direct = new URL(options.postgresUrl);
          upstream = `${direct.hostname}:${direct.port || '5432'}`;
        }
        try {
          adapterProxies = await ProxyPool.create(options.toxiproxyUrl, upstream, options.nodes, 'adapter');
        } catch (err) {
          throw new SetupError(`cannot create the adapter proxies on Toxiproxy at ${options.toxiproxyUrl}: ${(err as Error).message}`);
        }
        debug('%d nodes, %s adapter via %s, prefix %s', options.nodes, options.adapter, upstream, prefix);
        // One after the other: the first creates the table the others find.
        for (const node of nodes) {
          signal?.throwIfAborted();
          await node.server.start();
        }
        return nodes[0]!.server.address();
      } catch (err) {
        await release();
        throw err;
      }
    },
    readStore(): Promise<StoredRow[]> {
      return postgres ? postgres.readRows() : readSqliteRows(sqliteFile, REFERENCE_STORE_QUERY);
    },
    stop: release,
  };
}

/**
 * Process control of every node at once: running when every node runs (the
 * first node's pid then); crash, terminate and signal hit every node;
 * restart starts the nodes that are down, or, when all run, restarts them all.
 */
function aggregateProcess(nodes: readonly Node[]): TargetProcess {
  const controls = nodes.map((node) => node.server.control);
  const allUp = (): boolean => controls.every((c) => c.isRunning());
  return {
    pid: () => (allUp() ? controls[0]!.pid() : undefined),
    isRunning: allUp,
    signal: (signal) => controls.forEach((c) => c.signal(signal)),
    // Every node marked down before any exits: a balancer never fails clients over from one dying node to another.
    crash: async () => void (await Promise.all(controls.map((c) => c.crash()))),
    terminate: async () => void (await Promise.all(controls.map((c) => c.terminate()))),
    restart: async () => {
      if (allUp()) await Promise.all(controls.map((c) => c.terminate()));
      for (const c of controls) if (!c.isRunning()) await c.restart();
    },
    expectExit: (expected) => controls.forEach((c) => c.expectExit?.(expected)),
    onUnexpectedExit: (listener: (exit: TargetExit) => void) => {
      const stops = controls.map((c) => c.onUnexpectedExit?.(listener));
      return () => stops.forEach((stop) => stop?.());
    },
  };
}

/**
 * Failpoints armed on every running node: the next message reaching the
 * point on any node crashes that node. One host per node (its admin port,
 * whether it runs).
 *
 * @example
 * const failpoints = nodesFailpoints(nodes.map((node) => ({ adminPort: () => node.adminPort, isRunning: () => node.up })));
 */
export function nodesFailpoints(hosts: readonly FailpointHost[]): TargetFailpoints {
  const each = hosts.map((host) => referenceFailpoints(host));
  return {
    points: each[0]!.points,
    async arm(point, times) {
      const running = each.filter((_, i) => hosts[i]!.isRunning());
      if (running.length === 0) throw new Error(`cannot arm failpoint ${point}: no node of the reference server is running; heal the fault that stopped them first`);
      await Promise.all(running.map((failpoints) => failpoints.arm(point, times)));
    },
    async disarm() {
      await Promise.all(each.map((failpoints) => failpoints.disarm()));
    },
  };
}

/** Drops the postgres adapter's attachments table (the reference server names it `<prefix>_attachments`). */
async function dropAdapterTable(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  const name = `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_attachments`;
  try {
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS "${name}"`);
  } catch (err) {
    debug('dropping the adapter table %s failed: %s', name, (err as Error).message);
  } finally {
    await client.end().catch(() => undefined);
  }
}
