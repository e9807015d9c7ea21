import path from 'node:path';
import createDebug from 'debug';
import type { CommandTargetConfig, DatabaseConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import { fill, type Placeholders } from '../stores/readers.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { RedisServer } from '../provision/redis.js';
import { ASSUMED_BUSY_TIMEOUT_MS, checkPostgres } from './databaseProxy.js';
import type { TargetAdapter, TargetDatabase } from './Target.js';

const debug = createDebug('siochaos:target');

/** A Redis the nodes use: its URL, `host:port`, whether siochaos started it (for this target alone), and how to let it go. */
export type NodesRedis = Pick<RedisServer, 'url' | 'address' | 'owned' | 'stop'>;

/** What {@link NodeBackends} needs. */
export interface NodeBackendsOptions {
  config: CommandTargetConfig;
  /** The config's `database`. */
  database: DatabaseConfig | undefined;
  /** How many processes reach the backends: one proxy each (N commands: N; one command opening N ports: 1). */
  proxies: number;
  /**
   * How many nodes (default `proxies`). With one command for several nodes,
   * a backend whose list placeholder the command uses (`{databaseUrls}`,
   * `{redisUrls}`, `{adapterUrls}`: one URL per node, comma-separated) gets a
   * proxy per node, so that one node can be cut from it.
   */
  nodes?: number;
  toxiproxyUrl: string;
  dataDir: string;
  /** Provides the Redis (started or found) when the nodes use one. */
  redis: () => Promise<NodesRedis>;
  /** A key prefix of this scenario's own, for `{redisPrefix}`. */
  redisPrefix: () => string;
  /** Deletes this scenario's keys from a Redis that outlives it (one siochaos did not start). */
  deleteKeys?: (url: string, prefix: string) => Promise<unknown>;
}

/** The placeholders a command line or env uses. */
export function usedPlaceholders(config: CommandTargetConfig): Set<string> {
  return new Set([...config.command, ...Object.values(config.env ?? {})].flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)));
}

/** `url` with its host and port replaced by a loopback proxy's port. */
function through(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}

async function proxyPool(toxiproxyUrl: string, upstream: string, count: number, label: string): Promise<ProxyPool> {
  try {
    return await ProxyPool.create(toxiproxyUrl, upstream, count, label);
  } catch (err) {
    throw new SetupError(`cannot create the ${label} proxies on Toxiproxy at ${toxiproxyUrl}: ${(err as Error).message}`);
  }
}

function hostPort(url: string, defaultPort: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPort}`;
}

/**
 * The services the nodes of a command target share, each reached by every
 * node through a Toxiproxy proxy of its own (index = node), so that a fault
 * can cut one node from it:
 *
 * - the `database` (PostgreSQL): `{databaseUrl}` per node, and
 *   `target.database.proxy()`; a SQLite database names its file;
 * - Redis, when the command uses `{redisUrl}` or the adapter is `redis` or
 *   `redis-streams`: `{redisUrl}` per node, `{redisPrefix}` for the
 *   scenario's keys;
 * - the adapter's backend: `{adapterUrl}` per node (the Redis URL, or for the
 *   `postgres` adapter a PostgreSQL URL through proxies of its own, so that
 *   the adapter's channel can be cut apart from the store), and
 *   `target.adapter.proxies()`.
 *
 * @example
 * const backends = new NodeBackends({ config, database, proxies: 3, toxiproxyUrl, dataDir, redis: provideRedis, redisPrefix: scenarioRedisPrefix });
 * const values = await backends.open(); // values[1].redisUrl: node n1's Redis URL
 * await backends.close();
 */
export class NodeBackends {
  /** The target's database, for database faults (undefined without a `database` in the config). */
  readonly database: TargetDatabase | undefined;
  /** The adapter, for adapter faults (undefined when the config names none). */
  readonly adapter: TargetAdapter | undefined;
  readonly #options: NodeBackendsOptions;
  readonly #usesRedis: boolean;
  #dbPool: ProxyPool | undefined;
  #redisPool: ProxyPool | undefined;
  #adapterPool: ProxyPool | undefined;
  #redis: NodesRedis | undefined;
  #prefix = '';
  /** Proxies per backend: one per process, or one per node for a backend the command takes a list of URLs for. */
  readonly #counts: { db: number; redis: number; adapter: number };

  constructor(options: NodeBackendsOptions) {
    this.#options = options;
    const { config, database } = options;
    const used = usedPlaceholders(config);
    const adapterKind = config.adapter;
    this.#usesRedis = ['redisUrl', 'redisUrls', 'redisPrefix'].some((name) => used.has(name)) || adapterKind === 'redis' || adapterKind === 'redis-streams';
    const nodes = options.nodes ?? options.proxies;
    const count = (listed: boolean) => (listed ? nodes : options.proxies);
    const adapterListed = used.has('adapterUrls');
    this.#counts = {
      db: count(used.has('databaseUrls')),
      redis: count(used.has('redisUrls') || (adapterListed && adapterKind !== 'postgres')),
      adapter: count(adapterListed),
    };
    if (adapterKind === 'postgres' && database?.kind !== 'postgres') {
      throw new SetupError("adapter postgres reaches PostgreSQL: set database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' } in siochaos.config");
    }
    for (const name of ['databaseUrl', 'databaseUrls']) {
      if (used.has(name) && database?.kind !== 'postgres') {
        throw new SetupError(`{${name}} is PostgreSQL through siochaos's proxy: set database: { kind: 'postgres', url: ... } in siochaos.config`);
      }
    }
    const pool = (which: string, get: () => ProxyPool | undefined) => (): ProxyPool => {
      const found = get();
      if (!found) throw new Error(`the ${which} proxies of the nodes exist only while the target runs: start it first`);
      return found;
    };
    this.database =
      database?.kind === 'postgres'
        ? { kind: 'postgres', url: database.url, table: '', queryTimeoutMs: 0, proxy: pool('database', () => this.#dbPool), ...(this.#counts.db === 1 ? { sharedByNodes: true } : {}) }
        : database?.kind === 'sqlite'
          ? { kind: 'sqlite', file: fill(database.file, { dataDir: options.dataDir, db: path.join(options.dataDir, 'db.sqlite') }), busyTimeoutMs: ASSUMED_BUSY_TIMEOUT_MS }
          : undefined;
    // Per-node adapter faults need one proxy per node: a single command's workers share one, unless it takes {adapterUrls}.
    const perNode = (adapterKind === 'postgres' ? this.#counts.adapter : this.#counts.redis) > 1;
    this.adapter =
      adapterKind === undefined
        ? undefined
        : adapterKind === 'cluster' || !perNode
          ? { kind: adapterKind }
          : { kind: adapterKind, proxies: pool('adapter', () => (adapterKind === 'postgres' ? this.#adapterPool : this.#redisPool)) };
  }

  /**
   * Provides Redis when needed and makes every proxy; returns each process's
   * placeholder values (index = process). On failure, what was made is undone.
   *
   * @throws SetupError when PostgreSQL or Redis does not answer, or Toxiproxy cannot make a proxy.
   */
  async open(): Promise<Placeholders[]> {
    const { database, config, proxies, toxiproxyUrl } = this.#options;
    const counts = this.#counts;
    const values: Placeholders[] = Array.from({ length: proxies }, () => ({}));
    /** Each process's URL through its proxy (`name`), or, for a backend with a proxy per node, the one command's list (`name`s). */
    const give = (pool: ProxyPool, name: string, url: (port: number) => string) => {
      const urls = pool.entries.map((entry) => url(entry.port));
      if (pool.size > proxies) values[0]![`${name}s`] = urls.join(',');
      else urls.forEach((each, i) => (values[i]![name] = each));
    };
    try {
      if (database?.kind === 'postgres') {
        await checkPostgres(database.url);
        this.#dbPool = await proxyPool(toxiproxyUrl, hostPort(database.url, '5432'), counts.db, 'db');
        give(this.#dbPool, 'databaseUrl', (port) => through(database.url, port));
        if (config.adapter === 'postgres') {
          this.#adapterPool = await proxyPool(toxiproxyUrl, hostPort(database.url, '5432'), counts.adapter, 'adapter');
          give(this.#adapterPool, 'adapterUrl', (port) => through(database.url, port));
        }
      }
      if (this.#usesRedis) {
        this.#redis = await this.#options.redis();
        this.#prefix = this.#options.redisPrefix();
        this.#redisPool = await proxyPool(toxiproxyUrl, this.#redis.address, counts.redis, 'redis');
        give(this.#redisPool, 'redisUrl', (port) => through(this.#redis!.url, port));
        if (config.adapter !== 'postgres') give(this.#redisPool, 'adapterUrl', (port) => through(this.#redis!.url, port));
        values.forEach((each) => (each.redisPrefix = this.#prefix));
      }
    } catch (err) {
      await this.close();
      throw err;
    }
    debug('node backends: %o', values);
    return values;
  }

  /** Removes every proxy, deletes the scenario's Redis keys and lets Redis go. Idempotent. */
  async close(): Promise<void> {
    const pools = [this.#dbPool, this.#adapterPool, this.#redisPool];
    this.#dbPool = this.#adapterPool = this.#redisPool = undefined;
    await Promise.all(pools.map((p) => p?.destroy()));
    const redis = this.#redis;
    this.#redis = undefined;
    if (!redis) return;
    if (this.#options.deleteKeys && this.#prefix && !redis.owned) {
      await Promise.resolve(this.#options.deleteKeys(redis.url, this.#prefix)).catch((err: unknown) =>
        debug('cannot delete the keys under %s: %s', this.#prefix, (err as Error).message),
      );
    }
    await redis.stop();
  }
}
