import createDebug from 'debug';
import pg from 'pg';
import { SetupError } from '../errors/SetupError.js';
import { toStoredRow } from '../stores/readSqlite.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { StoredRow } from './Target.js';

const debug = createDebug('siochaos:target');

/**
 * Where the project's PostgreSQL listens (trust auth, role `postgres`, database `test`).
 *
 * @example
 * new pg.Pool({ connectionString: DEFAULT_POSTGRES_URL });
 */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

let tableCounter = 0;

/**
 * A table name of its own for one target: the process id, the time and a
 * counter, so that concurrent scenarios on one database never share a table.
 *
 * @example
 * uniqueTableName(); // 'siochaos_4242_lx3k2a_1'
 */
export function uniqueTableName(): string {
  return `siochaos_${process.pid}_${Date.now().toString(36)}_${++tableCounter}`;
}

/**
 * A PostgreSQL database behind a Toxiproxy proxy of its own, for one target.
 *
 * @example
 * await db.proxy.setEnabled(0, false); // the server loses its database
 */
export interface ProxiedPostgres {
  /** The pool the server's connections go through: one proxy, or one per node (index = node). */
  readonly proxy: ProxyPool;
  /** The URL to hand the server: the same database, reached through the (first) proxy. */
  readonly serverUrl: string;
  /** The URL through each proxy (index = node). */
  readonly serverUrls: readonly string[];
  /** Reads the table straight from the database (not through the proxy), in offset order. */
  readRows(): Promise<StoredRow[]>;
  /** Drops the table, closes the harness's connection and removes the proxy. Idempotent. */
  close(): Promise<void>;
}

/**
 * Options of {@link openProxiedPostgres}.
 *
 * @example
 * const options: ProxiedPostgresOptions = { toxiproxyUrl, url: DEFAULT_POSTGRES_URL, table: uniqueTableName() };
 */
export interface ProxiedPostgresOptions {
  toxiproxyUrl: string;
  /** The database, as the harness reaches it directly. */
  url: string;
  /** The messages table the server will create. */
  table: string;
  /** How many proxies (one per node of a multi-node server; default 1). */
  proxies?: number;
}

/**
 * Checks that PostgreSQL answers at `url`, and creates a Toxiproxy proxy in
 * front of it for the server.
 *
 * @throws SetupError when PostgreSQL does not answer or the proxy cannot be made.
 * @example
 * const db = await openProxiedPostgres({ toxiproxyUrl, url: DEFAULT_POSTGRES_URL, table: uniqueTableName() });
 * launch({ store: db.serverUrl, table });
 * await db.close();
 */
export async function openProxiedPostgres(options: ProxiedPostgresOptions): Promise<ProxiedPostgres> {
  const direct = new URL(options.url);
  const upstream = `${direct.hostname}:${direct.port || '5432'}`;
  const reader = new pg.Pool({ connectionString: options.url, max: 1, connectionTimeoutMillis: 5000, idleTimeoutMillis: 5000 });
  reader.on('error', (err) => debug('idle reader connection failed: %s', err.message));
  try {
    await reader.query('SELECT 1');
  } catch (err) {
    await reader.end().catch(() => undefined);
    throw new SetupError(
      `PostgreSQL does not answer at ${upstream} (${(err as Error).message}): start it (trust auth, database ${direct.pathname.slice(1) || 'test'}) or use the SQLite store`,
    );
  }
  let proxy: ProxyPool;
  try {
    proxy = await ProxyPool.create(options.toxiproxyUrl, upstream, options.proxies ?? 1, 'db');
  } catch (err) {
    await reader.end().catch(() => undefined);
    throw new SetupError(`cannot create the database proxy on Toxiproxy at ${options.toxiproxyUrl}: ${(err as Error).message}`);
  }
  const serverUrls = proxy.entries.map((entry) => {
    const server = new URL(options.url);
    server.hostname = '127.0.0.1';
    server.port = String(entry.port);
    return server.toString();
  });
  debug('postgres %s via proxy %s, table %s', upstream, proxy.entries.map((e) => e.listen).join(','), options.table);

  const table = `"${options.table}"`;
  let closed: Promise<void> | undefined;
  return {
    proxy,
    serverUrl: serverUrls[0]!,
    serverUrls,
    async readRows() {
      const result = await reader.query<Record<string, unknown>>(
        `SELECT id AS offset, client_offset AS msg, content FROM ${table} ORDER BY id`,
      );
      return result.rows.map(toStoredRow);
    },
    close: () =>
      (closed ??= (async () => {
        await proxy.destroy();
        try {
          await reader.query(`DROP TABLE IF EXISTS ${table}`);
        } catch (err) {
          debug('dropping table %s failed: %s', options.table, (err as Error).message);
        }
        await reader.end().catch(() => undefined);
      })()),
  };
}
