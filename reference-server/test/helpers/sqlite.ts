import sqlite3 from 'sqlite3';

/** A row of the reference server's messages table, as stored. */
export interface Row {
  id: number;
  client_offset: string | null;
  content: string;
}

/**
 * Reads every row of the messages table in id order, straight from the file.
 *
 * @example
 * expect(await readRows(db)).toEqual([{ id: 1, client_offset: 'c0-1', content: 'hi' }]);
 */
export async function readRows(dbPath: string, table = 'messages'): Promise<Row[]> {
  const db = await open(dbPath);
  try {
    return await new Promise<Row[]>((resolve, reject) =>
      db.all<Row>(`SELECT id, client_offset, content FROM ${table} ORDER BY id`, [], (err, rows) =>
        err ? reject(err) : resolve(rows),
      ),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/**
 * Holds SQLite's write lock on `dbPath` (BEGIN IMMEDIATE) until the returned
 * release function is called: the server's inserts wait their busy timeout,
 * then fail with SQLITE_BUSY. A stalled database, for real.
 *
 * @example
 * const release = await holdWriteLock(db);
 * // ... the server cannot insert ...
 * await release();
 */
export async function holdWriteLock(dbPath: string): Promise<() => Promise<void>> {
  const db = await open(dbPath);
  await new Promise<void>((resolve, reject) => db.exec('BEGIN IMMEDIATE', (err) => (err ? reject(err) : resolve())));
  return async () => {
    await new Promise<void>((resolve, reject) => db.exec('ROLLBACK', (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => db.close(() => resolve()));
  };
}

function open(dbPath: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbPath, (err) => (err ? reject(err) : resolve(db)));
  });
}
