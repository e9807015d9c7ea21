import sqlite3 from 'sqlite3';

// The tutorial opens its database with the `sqlite` package's promise wrapper
// (`open({ filename: 'chat.db', driver: sqlite3.Database })`). siochaos does not
// depend on that package, so this file gives the same three calls the tutorial
// makes (`exec`, `run` resolving to `{ lastID }`, `each` calling back per row)
// on `sqlite3` itself. Errors keep sqlite3's `errno` (19 = SQLITE_CONSTRAINT),
// which the step-8 handler tests.

/**
 * Opens `filename` and resolves to `{ exec, run, each }` like `sqlite`'s open().
 *
 * @example
 * const db = await open({ filename: 'chat.db' });
 * const { lastID } = await db.run('INSERT INTO messages (content) VALUES (?)', 'hi');
 */
export async function open({ filename }) {
  const db = await new Promise((resolve, reject) => {
    const opened = new sqlite3.Database(filename, (err) => (err ? reject(err) : resolve(opened)));
  });
  return {
    exec: (sql) => new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve()))),
    run: (sql, ...params) =>
      new Promise((resolve, reject) =>
        db.run(sql, params.flat(), function onRun(err) {
          return err ? reject(err) : resolve({ lastID: this.lastID, changes: this.changes });
        }),
      ),
    each: (sql, params, onRow) =>
      new Promise((resolve, reject) => db.each(sql, params, onRow, (err, count) => (err ? reject(err) : resolve(count)))),
  };
}
