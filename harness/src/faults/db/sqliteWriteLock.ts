import createDebug from 'debug';
import sqlite3 from 'sqlite3';

const debug = createDebug('siochaos:faults:db');

/**
 * A write lock held on a SQLite file; `release` is idempotent.
 *
 * @example
 * await lock.release();
 */
export interface HeldLock {
  release(): Promise<void>;
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

/**
 * Opens a second connection on a SQLite file and takes its write lock
 * (`BEGIN IMMEDIATE`), waiting up to `waitMs` for a writer to finish. Until
 * released, every other connection's write waits its busy timeout and then
 * fails with SQLITE_BUSY; readers (WAL mode) go on reading.
 *
 * @throws Error naming the file when the lock cannot be taken.
 * @example
 * const lock = await holdSqliteWriteLock('/tmp/s1/chat.sqlite', 5000);
 * await lock.release();
 */
export async function holdSqliteWriteLock(file: string, waitMs: number): Promise<HeldLock> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) =>
      err ? reject(new Error(`cannot open SQLite store ${file} to lock it: ${err.message}; has the target started?`)) : resolve(opened),
    );
  });
  db.configure('busyTimeout', waitMs);
  try {
    await exec(db, 'BEGIN IMMEDIATE');
  } catch (err) {
    await close(db);
    throw new Error(`cannot take the write lock of ${file} within ${waitMs} ms: ${(err as Error).message}`);
  }
  debug('holding the write lock of %s', file);
  let released: Promise<void> | undefined;
  return {
    release: () =>
      (released ??= (async () => {
        await exec(db, 'ROLLBACK').catch(() => undefined);
        await close(db);
        debug('released the write lock of %s', file);
      })()),
  };
}
