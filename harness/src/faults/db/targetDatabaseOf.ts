import type { PostgresDatabase, SqliteDatabase, Target } from '../../target/Target.js';

/** What a config without `database` adds so that database faults can act on its command target. */
const NAME_THE_DATABASE =
  "for a command target, name its database in the config (`database: { kind: 'sqlite', file: '{db}' }`, or `{ kind: 'postgres', url, env: 'DATABASE_URL' }` to put PostgreSQL behind a proxy)";

/**
 * Why a SQLite fault cannot act on `target`, or undefined when it can.
 *
 * @example
 * sqliteUnavailable('sqlite-stall', target); // undefined for the reference server on SQLite
 */
export function sqliteUnavailable(fault: string, target: Pick<Target, 'name' | 'database'>): string | undefined {
  const database = target.database;
  if (!database) {
    return `fault ${fault} needs the target's SQLite file, but target ${target.name} does not say where its store is: ${NAME_THE_DATABASE}, or leave database faults out`;
  }
  if (database.kind !== 'sqlite') {
    return `fault ${fault} needs a SQLite store, but target ${target.name} stores in ${database.kind}: use db-timeout, db-latency, db-reset-peer or db-down there`;
  }
  return undefined;
}

/**
 * The target's SQLite store, for a SQLite fault.
 *
 * @throws Error saying what the target has instead and what to do.
 * @example
 * const { file } = targetSqliteOf('sqlite-stall', context.target);
 */
export function targetSqliteOf(fault: string, target: Target): SqliteDatabase {
  const reason = sqliteUnavailable(fault, target);
  if (reason || target.database?.kind !== 'sqlite') throw new Error(reason);
  return target.database;
}

/**
 * Why a fault on the database proxy cannot act on `target`, or undefined when it can.
 *
 * @example
 * postgresUnavailable('db-down', target);
 */
export function postgresUnavailable(fault: string, target: Pick<Target, 'name' | 'database'>): string | undefined {
  const database = target.database;
  if (database?.kind === 'postgres') return undefined;
  const has = database ? `stores in ${database.kind}` : 'does not say where its store is';
  const instead = database?.kind === 'sqlite' ? 'use sqlite-stall or sqlite-unavailable there' : `${NAME_THE_DATABASE}, or leave database faults out`;
  return `fault ${fault} needs a database behind a Toxiproxy proxy (the reference target with store postgres), but target ${target.name} ${has}: ${instead}`;
}

/**
 * The target's PostgreSQL database (with its proxy), for a database-proxy fault.
 *
 * @throws Error saying what the target has instead and what to do.
 * @example
 * const pool = targetPostgresOf('db-down', context.target).proxy();
 */
export function targetPostgresOf(fault: string, target: Target): PostgresDatabase {
  const reason = postgresUnavailable(fault, target);
  if (reason || target.database?.kind !== 'postgres') throw new Error(reason);
  return target.database;
}
