import path from 'node:path';
import createDebug from 'debug';
import pg from 'pg';
import type { CommandTargetConfig, DatabaseConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import { fill, type Placeholders } from '../stores/readers.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import type { StoredRow, Target, TargetAddress, TargetDatabase, TargetStartOptions } from './Target.js';

const debug = createDebug('siochaos:target');

/** How long a user's SQLite server waits on a lock, when siochaos cannot know: SQLite faults size their stalls by it. */
export const ASSUMED_BUSY_TIMEOUT_MS = 5000;

/** What {@link withDatabaseProxy} needs: the config's database and target, and where to make the proxy. */
export interface DatabaseProxyOptions {
  /** The config's `database`; without one the target is made as it is. */
  database: DatabaseConfig | undefined;
  /** The command target's config. */
  config: CommandTargetConfig;
  /** The Toxiproxy API the database proxy is made on. */
  toxiproxyUrl: string;
  /** This scenario's folder ({dataDir}), for a SQLite file's placeholders. */
  dataDir: string;
}

/** Makes the command target, given its config (with the database's env added) and extra placeholders (filled at start). */
export type MakeCommandTarget = (config: CommandTargetConfig, placeholders: Placeholders) => Target;

/** Throws a SetupError saying so when PostgreSQL does not answer at `url`. */
export async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new SetupError(`PostgreSQL does not answer at ${url} (${(err as Error).message}): start it, or fix database.url in siochaos.config`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Gives a command target the database its config names, so that database
 * faults can act on it:
 *
 * - `postgres`: on start, a Toxiproxy proxy of its own in front of the
 *   database; the target gets the proxied URL as `{databaseUrl}` and in the
 *   environment variable `database.env`, and exposes the proxy as
 *   `target.database` (db-latency, db-timeout, db-reset-peer, db-down). The
 *   proxy is removed on stop. The store is still read straight from the
 *   database, not through the proxy.
 * - `sqlite`: `target.database` names the file (placeholders filled), for
 *   sqlite-stall and sqlite-unavailable.
 *
 * @throws SetupError (from start) when PostgreSQL does not answer or the proxy cannot be made.
 * @example
 * // core/makeTarget.ts, case 'command':
 * return withDatabaseProxy({ database: config.database, config: target, toxiproxyUrl: place.toxiproxyUrl, dataDir: place.dataDir },
 *   (config, placeholders) => commandTarget({ config, dataDir: place.dataDir, logDir, store, placeholders }));
 */
export function withDatabaseProxy(options: DatabaseProxyOptions, make: MakeCommandTarget): Target {
  const { database, config } = options;
  if (!database) return make(config, {});
  if (database.kind === 'sqlite') {
    const file = fill(database.file, { dataDir: options.dataDir, db: path.join(options.dataDir, 'db.sqlite') });
    const inner = make(config, {});
    const sqlite: TargetDatabase = { kind: 'sqlite', file, busyTimeoutMs: ASSUMED_BUSY_TIMEOUT_MS };
    return wrap(inner, sqlite, { start: (startOptions) => inner.start(startOptions), stop: () => inner.stop() });
  }

  const placeholders: Placeholders = {};
  const env = database.env ? { ...config.env, [database.env]: '{databaseUrl}' } : config.env;
  const inner = make({ ...config, ...(env ? { env } : {}) }, placeholders);
  let pool: ProxyPool | undefined;
  const postgres: TargetDatabase = {
    kind: 'postgres',
    url: database.url,
    // A server siochaos did not write: its table and query timeout are its own business.
    table: '',
    queryTimeoutMs: 0,
    proxy() {
      if (!pool) throw new Error(`the database proxy of ${inner.name} exists only while the target runs: start it first`);
      return pool;
    },
  };
  const closeProxy = async (): Promise<void> => {
    await pool?.destroy();
    pool = undefined;
  };
  return wrap(inner, postgres, {
    async start(startOptions?: TargetStartOptions) {
      const direct = new URL(database.url);
      await checkPostgres(database.url);
      try {
        pool = await ProxyPool.create(options.toxiproxyUrl, `${direct.hostname}:${direct.port || '5432'}`, 1, 'db');
      } catch (err) {
        throw new SetupError(`cannot create the database proxy on Toxiproxy at ${options.toxiproxyUrl}: ${(err as Error).message}`);
      }
      const proxied = new URL(database.url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(pool.entries[0]!.port);
      placeholders.databaseUrl = proxied.toString();
      debug('%s reaches %s through %s', inner.name, direct.host, pool.entries[0]!.listen);
      try {
        startOptions?.signal?.throwIfAborted();
        return await inner.start(startOptions);
      } catch (err) {
        await inner.stop().catch(() => {});
        await closeProxy();
        throw err;
      }
    },
    async stop() {
      await inner.stop();
      await closeProxy();
    },
  });
}

function wrap(inner: Target, database: TargetDatabase, life: Pick<Target, 'start' | 'stop'>): Target {
  return {
    name: inner.name,
    ...(inner.process ? { process: inner.process } : {}),
    ...(inner.failpoints ? { failpoints: inner.failpoints } : {}),
    ...(inner.promises ? { promises: inner.promises } : {}),
    database,
    start: life.start,
    stop: life.stop,
    readStore: (): Promise<StoredRow[]> => inner.readStore(),
  };
}
