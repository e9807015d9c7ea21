import sqlite3 from 'sqlite3';
import { createLogger, errorMessage } from '../log.js';
import { quoteTableName } from './tableName.js';
import type { CatchUpQuery, InsertResult, Store, StoredRow, StoreOptions } from './Store.js';

const log = createLogger('store:sqlite');

/** Options of the SQLite store. */
export interface SqliteStoreOptions extends StoreOptions {
  /** The database file; created when missing. */
  path: string;
  /** SQLite's busy timeout: how long a write waits for a lock held elsewhere. */
  busyTimeoutMs: number;
}

interface RawRow {
  id: number;
  client_offset: string | null;
  content: string;
}

type SqliteError = Error & { code?: string };

/**
 * Opens (creating if missing) the SQLite file at `options.path` in WAL mode,
 * creates the messages table if it is missing, and returns it as a `Store`.
 * Rejects with a one-line error when the file cannot be opened.
 *
 * @example
 * const store = await openSqliteStore({ path: 'chat.sqlite', table: 'messages', uniqueOffsets: true, busyTimeoutMs: 2000 });
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const table = quoteTableName(options.table);
  const db = await openDatabase(options.path);
  try {
    db.configure('busyTimeout', options.busyTimeoutMs);
    const mode = await get<{ journal_mode: string }>(db, 'PRAGMA journal_mode = WAL');
    if (mode?.journal_mode !== 'wal') log.warn('journal mode is %s, not wal', mode?.journal_mode);
    const unique = options.uniqueOffsets ? ' UNIQUE' : '';
    await run(
      db,
      `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY AUTOINCREMENT, client_offset TEXT${unique}, content TEXT)`,
    );
    await warnOnSchemaMismatch(db, options);
  } catch (err) {
    await closeDatabase(db).catch(() => undefined);
    throw new Error(`cannot set up SQLite database ${options.path}: ${errorMessage(err)}`);
  }
  log.debug('opened %s (table %s, unique offsets %s)', options.path, options.table, options.uniqueOffsets);

  return {
    kind: 'sqlite',
    async insert(content: string, clientOffset: string): Promise<InsertResult> {
      try {
        const id = await insertRow(db, `INSERT INTO ${table} (content, client_offset) VALUES (?, ?)`, [content, clientOffset]);
        return { kind: 'inserted', id };
      } catch (err) {
        if (isUniqueViolation(err)) return { kind: 'duplicate' };
        throw err;
      }
    },
    async rowsAfter(query: CatchUpQuery): Promise<StoredRow[]> {
      const op = query.inclusive ? '>=' : '>';
      const order = query.reversed ? 'DESC' : 'ASC';
      const bound = query.upTo === undefined ? '' : ' AND id <= ?';
      const params = query.upTo === undefined ? [query.after] : [query.after, query.upTo];
      const rows = await all<RawRow>(
        db,
        `SELECT id, client_offset, content FROM ${table} WHERE id ${op} ?${bound} ORDER BY id ${order}`,
        params,
      );
      return rows.map((row) => ({ id: row.id, clientOffset: row.client_offset, content: row.content }));
    },
    async lastId(): Promise<number> {
      return (await get<{ id: number }>(db, `SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`))?.id ?? 0;
    },
    // A local autocommit statement that reports an error has rolled back.
    mayHaveCommitted: () => false,
    close: () => closeDatabase(db),
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as SqliteError;
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e.message);
}

async function warnOnSchemaMismatch(db: sqlite3.Database, options: SqliteStoreOptions): Promise<void> {
  const row = await get<{ sql: string }>(db, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [
    options.table,
  ]);
  const hasUnique = /client_offset\s+TEXT\s+UNIQUE/i.test(row?.sql ?? '');
  if (hasUnique !== options.uniqueOffsets) {
    log.warn(
      'table %s already exists %s a UNIQUE client_offset, so the server runs %s it: use a fresh --db file',
      options.table,
      hasUnique ? 'with' : 'without',
      hasUnique ? 'with' : 'without',
    );
  }
}

function openDatabase(path: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) => {
      if (err) reject(new Error(`cannot open SQLite database ${path}: ${err.message}; check that its folder exists and is writable`));
      else resolve(db);
    });
  });
}

function closeDatabase(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}

function insertRow(db: sqlite3.Database, sql: string, params: unknown[]): Promise<number> {
  return new Promise((resolve, reject) =>
    db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
      if (err) reject(err);
      else resolve(this.lastID);
    }),
  );
}

function get<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return new Promise((resolve, reject) =>
    db.get<T>(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row))),
  );
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all<T>(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
  );
}
