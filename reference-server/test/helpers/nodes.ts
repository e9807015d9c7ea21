import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../../../harness/src/provision/redis.js';
import { ProxyPool } from '../../../harness/src/toxiproxy/ProxyPool.js';
import { provideToxiproxy } from '../../../harness/src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../../harness/src/toxiproxy/server.js';
import type { LaunchAdapter, LaunchedReferenceServer, LaunchOptions } from '../../src/launch.js';
import { Testbed } from './testbed.js';

/** PostgreSQL for the shared store and the postgres adapter. */
export const PG_URL = process.env.SIOCHAOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The adapters a node can run with. */
export type AdapterKind = LaunchAdapter['kind'];

/** How to start a deployment of nodes. */
export interface NodesOptions {
  count: number;
  adapter: AdapterKind;
  /** A SQLite file shared by the nodes; default a fresh PostgreSQL table. */
  db?: string;
  bugs?: string[];
  /** Options for every node (admin port, poll interval...). */
  launch?: Partial<LaunchOptions>;
}

/** Nodes sharing one store, each reaching the adapter's backend through a Toxiproxy proxy of its own. */
export interface Deployment {
  nodes: LaunchedReferenceServer[];
  /** Proxy i is node i's way to Redis (or to PostgreSQL for the postgres adapter). */
  proxies: ProxyPool;
  /** The shared PostgreSQL table, when the store is PostgreSQL. */
  table?: string;
  launchOptions(index: number): LaunchOptions;
  /** The stored rows, in id order. */
  rows(): Promise<{ id: number; client_offset: string; content: string }[]>;
}

/**
 * Real Redis, Toxiproxy and PostgreSQL for a test file's deployments, and
 * their cleanup: call `setup()` in beforeAll, `cleanup()` in afterEach,
 * `teardown()` in afterAll.
 *
 * @example
 * const nodes = new NodeBed(bed);
 * const deployment = await nodes.start({ count: 3, adapter: 'redis' });
 * await deployment.proxies.setEnabled(1, false); // n1 cut from Redis
 */
export class NodeBed {
  redis!: RedisServer;
  toxiproxy!: ToxiproxyServer;
  admin!: pg.Pool;
  readonly #pools: ProxyPool[] = [];
  readonly #tables: string[] = [];
  readonly #prefixes: string[] = [];

  constructor(readonly bed: Testbed) {}

  async setup(): Promise<void> {
    this.redis = await provideRedis();
    this.toxiproxy = await provideToxiproxy();
    this.admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    await this.admin.query('SELECT 1');
  }

  async start(options: NodesOptions): Promise<Deployment> {
    const pgTarget = new URL(PG_URL);
    const backend = options.adapter === 'postgres' ? `${pgTarget.hostname}:${pgTarget.port || 5432}` : this.redis.address;
    const proxies = await ProxyPool.create(this.toxiproxy.url, backend, options.count, 'adapter');
    this.#pools.push(proxies);
    const prefix = scenarioRedisPrefix();
    this.#prefixes.push(prefix);
    let table: string | undefined;
    if (options.db === undefined) {
      table = `refnodes_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      this.#tables.push(table);
    }
    const adapterUrl = (index: number): string => {
      const port = proxies.entries[index]!.port;
      if (options.adapter !== 'postgres') return `redis://127.0.0.1:${port}`;
      const url = new URL(PG_URL);
      url.host = `127.0.0.1:${port}`;
      return url.toString();
    };
    const launchOptions = (index: number): LaunchOptions => ({
      ...(options.db !== undefined ? { db: options.db } : { store: PG_URL, table }),
      node: `n${index}`,
      adapter: { kind: options.adapter, url: adapterUrl(index), prefix },
      bugs: options.bugs ?? [],
      ...options.launch,
    });
    const nodes = await Promise.all(Array.from({ length: options.count }, (_, i) => this.bed.launch(launchOptions(i))));
    const rows = async () => {
      if (table === undefined) throw new Error('rows() reads the PostgreSQL store; read the SQLite file with readRows');
      return (await this.admin.query(`SELECT id, client_offset, content FROM "${table}" ORDER BY id`)).rows;
    };
    return { nodes, proxies, ...(table === undefined ? {} : { table }), launchOptions, rows };
  }

  /** After bed.cleanup(): proxies, tables and Redis keys go. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#pools.splice(0).map((pool) => pool.destroy()));
    for (const table of this.#tables.splice(0)) await this.admin.query(`DROP TABLE IF EXISTS "${table}"`);
    for (const prefix of this.#prefixes.splice(0)) {
      const attachments = `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_attachments`;
      await this.admin.query(`DROP TABLE IF EXISTS ${attachments}`);
      await deleteRedisKeys(this.redis.url, prefix);
    }
  }

  async teardown(): Promise<void> {
    await this.admin?.end();
    await this.toxiproxy?.stop();
    await this.redis?.stop();
  }
}

/**
 * The test bed of a multi-node test file: a Testbed and a NodeBed on it, set
 * up before the file's tests, cleaned up after each and torn down after all.
 *
 * @example
 * const { bed, nodes } = useNodeBed();
 * const { nodes: [n0] } = await nodes.start({ count: 2, adapter: 'redis' });
 * const client = await bed.connect(n0!);
 */
export function useNodeBed(): { bed: Testbed; nodes: NodeBed } {
  const bed = new Testbed();
  const nodes = new NodeBed(bed);
  beforeAll(() => nodes.setup());
  afterEach(async () => {
    await bed.cleanup();
    await nodes.cleanup();
  });
  afterAll(() => nodes.teardown());
  return { bed, nodes };
}
