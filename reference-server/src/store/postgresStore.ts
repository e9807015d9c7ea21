import type { DatabaseError, Pool } from 'pg';
import { createLogger, errorMessage } from '../log.js';
import { quoteTableName } from './tableName.js';
import type { CatchUpQuery, InsertResult, Store, StoredRow, StoreOptions } from './Store.js';

const log = createLogger('store:postgres');

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions extends StoreOptions {
  /** `postgres://user@host:port/database` */
  url: string;
  /**
   * Bound on every statement, server side (`statement_timeout`) and client side
   * (`query_timeout`, which also covers a network stall), and on getting a
   * connection: a stalled database gives errors, never a hang.
   */
  queryTimeoutMs: number;
}

interface RawRow {
  id: number;
  client_offset: string | null;
  content: string;
}

/**
 * Connects a small pool to PostgreSQL, creates the messages table if it is
 * missing, and returns it as a `Store`. A dropped connection never crashes the
 * process: pool errors are logged, queries on a dead connection fail (the
 * server does not ack), and the pool reconnects when the database is back.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://postgres@127.0.0.1:5432/test', table: 'messages', uniqueOffsets: true, queryTimeoutMs: 2000 });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const table = quoteTableName(options.table);
  // Loaded here, not at the top: a server on SQLite never pays for pg.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 4,
    statement_timeout: options.queryTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    connectionTimeoutMillis: options.queryTimeoutMs,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    // The table in the name lets a test (or an operator) find this server's connections.
    application_name: `siochaos-reference-server:${options.table}`.slice(0, 63),
  });
  pool.on('error', (err) => log.warn('idle database connection failed: %s (the next query reconnects)', errorMessage(err)));

  try {
    const unique = options.uniqueOffsets ? ' UNIQUE' : '';
    await createTableRacing(pool, `CREATE TABLE IF NOT EXISTS ${table} (id SERIAL PRIMARY KEY, client_offset TEXT${unique}, content TEXT)`);
    await warnOnSchemaMismatch(pool, options);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `cannot set up PostgreSQL table ${options.table} at ${redact(options.url)}: ${errorMessage(err)}; check that PostgreSQL is running and the URL is right`,
    );
  }
  log.debug('connected to %s (table %s, unique offsets %s)', redact(options.url), options.table, options.uniqueOffsets);

  // Commit order is id order, whichever process inserts: the id is drawn
  // only once the table's transaction-scoped advisory lock is held, and the
  // lock is let go at the commit. So the committed rows are always every id up
  // to some point (gaps left by rollbacks are never filled later), and a node
  // that read the rows after its cursor can never see a lower id commit later.
  // One statement (its own transaction), so that its reply still travels
  // after the commit. The WITH query has a volatile function: it is run once,
  // before the row (and its nextval) is made.
  const lockKey = `siochaos:${options.table}`;
  const serialised = options.commitInIdOrder ?? true;
  const insertSql = serialised
    ? `WITH serialised AS (SELECT pg_advisory_xact_lock(hashtext($3::text)))
       INSERT INTO ${table} (content, client_offset) SELECT $1, $2 FROM serialised RETURNING id`
    : `INSERT INTO ${table} (content, client_offset) VALUES ($1, $2) RETURNING id`;

  return {
    kind: 'postgres',
    async insert(content: string, clientOffset: string): Promise<InsertResult> {
      try {
        const result = await pool.query<{ id: number }>(insertSql, serialised ? [content, clientOffset, lockKey] : [content, clientOffset]);
        const id = result.rows[0]?.id;
        if (typeof id !== 'number') throw new Error(`INSERT into ${options.table} returned no id`);
        return { kind: 'inserted', id };
      } catch (err) {
        if ((err as { code?: unknown })?.code === UNIQUE_VIOLATION) return { kind: 'duplicate' };
        throw err;
      }
    },
    async rowsAfter(query: CatchUpQuery): Promise<StoredRow[]> {
      const op = query.inclusive ? '>=' : '>';
      const order = query.reversed ? 'DESC' : 'ASC';
      const bound = query.upTo === undefined ? '' : ' AND id <= $2';
      const params = query.upTo === undefined ? [query.after] : [query.after, query.upTo];
      const result = await pool.query<RawRow>(
        `SELECT id, client_offset, content FROM ${table} WHERE id ${op} $1${bound} ORDER BY id ${order}`,
        params,
      );
      return result.rows.map((row) => ({ id: row.id, clientOffset: row.client_offset, content: row.content }));
    },
    async lastId(): Promise<number> {
      const result = await pool.query<{ id: number }>(`SELECT COALESCE(MAX(id), 0)::int AS id FROM ${table}`);
      return result.rows[0]?.id ?? 0;
    },
    mayHaveCommitted: (err: unknown) => !answeredWithError(err, pg.DatabaseError),
    close: () => pool.end(),
  };
}

/**
 * PostgreSQL's SQLSTATEs when two sessions create the same table at once: a
 * unique violation on the catalog, the table "already exists", or its row
 * type `type "t" already exists` (duplicate_object, seen in CI with two nodes
 * starting at once).
 */
const CONCURRENT_CREATE = new Set(['23505', '42P07', '42710']);

/**
 * `CREATE TABLE IF NOT EXISTS`, run by several nodes at once: the loser of the
 * race can get one of {@link CONCURRENT_CREATE} though the table is there; it
 * checks again.
 *
 * @example
 * await createTableRacing(pool, 'CREATE TABLE IF NOT EXISTS t (id SERIAL PRIMARY KEY)');
 */
export async function createTableRacing(pool: Pool, sql: string): Promise<void> {
  try {
    await pool.query(sql);
  } catch (err) {
    if (!CONCURRENT_CREATE.has(String((err as { code?: unknown })?.code))) throw err;
    await pool.query(sql);
  }
}

/**
 * Whether PostgreSQL itself rejected the statement (an ERROR reply, so the
 * autocommit INSERT rolled back) or the connection was refused before it was
 * sent. Anything else (a connection cut or a client-side timeout while the
 * statement was in flight, a FATAL termination) leaves the commit unknown.
 */
function answeredWithError(err: unknown, databaseError: typeof DatabaseError): boolean {
  if (err instanceof databaseError) return err.severity === 'ERROR';
  return (err as { code?: unknown })?.code === 'ECONNREFUSED';
}

async function warnOnSchemaMismatch(pool: Pool, options: PostgresStoreOptions): Promise<void> {
  const result = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = $1 AND indexdef ILIKE 'CREATE UNIQUE INDEX%(client_offset)%'`,
    [options.table],
  );
  const hasUnique = (result.rows[0]?.n ?? 0) > 0;
  if (hasUnique !== options.uniqueOffsets) {
    log.warn(
      'table %s already exists %s a UNIQUE client_offset, so the server runs %s it: use a fresh --table',
      options.table,
      hasUnique ? 'with' : 'without',
      hasUnique ? 'with' : 'without',
    );
  }
}

/**
 * The URL with its password hidden, for logs and errors.
 *
 * @example
 * redact('postgres://u:secret@h/db'); // 'postgres://u:***@h/db'
 */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}
