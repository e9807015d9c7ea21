import sqlite3 from 'sqlite3';

function exec(db, sql) {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

/**
 * The chat's messages in a SQLite file, as in the tutorial: `id` is the server
 * offset, `client_offset` is UNIQUE so that a retried message is stored once
 * (unless `unique` is false: the planted bug).
 *
 * @example
 * const store = await openSqliteStore('chat.db', { unique: true });
 * await store.insert('hello', 'k3x9-1'); // { kind: 'inserted', id: 1 }
 * await store.insert('hello', 'k3x9-1'); // { kind: 'duplicate' }
 */
export async function openSqliteStore(file, { unique }) {
  const db = await new Promise((resolve, reject) => {
    const opened = new sqlite3.Database(file, (err) => (err ? reject(new Error(`cannot open ${file}: ${err.message}`)) : resolve(opened)));
  });
  // WAL lets siochaos read the file while the server writes it.
  await exec(db, 'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
  await exec(
    db,
    `CREATE TABLE IF NOT EXISTS messages (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       client_offset TEXT${unique ? ' UNIQUE' : ''},
       content TEXT
     );`,
  );
  return {
    insert: (content, clientOffset) =>
      new Promise((resolve, reject) => {
        db.run('INSERT INTO messages (content, client_offset) VALUES (?, ?)', [content, clientOffset], function onInsert(err) {
          if (!err) resolve({ kind: 'inserted', id: this.lastID });
          else if (err.code === 'SQLITE_CONSTRAINT') resolve({ kind: 'duplicate' });
          else reject(err);
        });
      }),
    /** The rows with `offset < id <= upTo`, in id order. */
    after: (offset, upTo) =>
      new Promise((resolve, reject) => {
        db.all('SELECT id, content FROM messages WHERE id > ? AND id <= ? ORDER BY id', [offset, upTo], (err, rows) => (err ? reject(err) : resolve(rows)));
      }),
    highestId: () =>
      new Promise((resolve, reject) => {
        db.get('SELECT COALESCE(MAX(id), 0) AS id FROM messages', (err, row) => (err ? reject(err) : resolve(row.id)));
      }),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}
