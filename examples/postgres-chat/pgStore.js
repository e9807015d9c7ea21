import pg from 'pg';

/**
 * The chat's messages in a PostgreSQL table: `id` is the server offset,
 * `client_offset` is UNIQUE so that a retried message is stored once (unless
 * `unique` is false: the planted bug). Queries give up after a few seconds, so
 * a stalled database fails a message (not acked: the client retries) instead
 * of holding up the chat forever. `serialIds` (for several processes on one
 * table: ../streams-chat) makes rows commit in id order: each insert takes a
 * transaction-scoped advisory lock before it draws its id, in one statement
 * (the reply still comes after the commit); without it two processes' inserts
 * can commit out of id order, and a process that published id 6 would never
 * publish id 5, committed just after.
 *
 * @example
 * const store = await openPgStore('postgres://postgres@127.0.0.1:5432/test', { table: 'messages', unique: true });
 * await store.insert('hello', 'k3x9-1'); // { kind: 'inserted', id: 1 }
 * await store.insert('hello', 'k3x9-1'); // { kind: 'duplicate' }
 */
export async function openPgStore(url, { table, unique, serialIds = false }) {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`CHAT_TABLE=${table} is not a plain table name: use lowercase letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 3000,
    query_timeout: 4000,
    statement_timeout: 4000,
    application_name: 'postgres-chat',
  });
  // A connection cut while idle (the database restarted, a reset) is dropped from the pool; the next query opens another.
  pool.on('error', (err) => console.error(`idle database connection failed: ${err.message}`));
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${table} (
       id SERIAL PRIMARY KEY,
       client_offset TEXT${unique ? ' UNIQUE' : ''},
       content TEXT
     )`,
  );
  return {
    async insert(content, clientOffset) {
      try {
        const result = serialIds
          ? await pool.query(
              `WITH serial AS (SELECT pg_advisory_xact_lock(hashtext($3))) INSERT INTO ${table} (content, client_offset) SELECT $1, $2 FROM serial RETURNING id`,
              [content, clientOffset, table],
            )
          : await pool.query(`INSERT INTO ${table} (content, client_offset) VALUES ($1, $2) RETURNING id`, [content, clientOffset]);
        return { kind: 'inserted', id: result.rows[0].id };
      } catch (err) {
        if (err.code === '23505') return { kind: 'duplicate' };
        throw err;
      }
    },
    /** The rows with `offset < id <= upTo`, in id order. */
    async after(offset, upTo) {
      const result = await pool.query(`SELECT id, content FROM ${table} WHERE id > $1::bigint AND id <= $2::bigint ORDER BY id`, [offset, upTo]);
      return result.rows;
    },
    async highestId() {
      const result = await pool.query(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`);
      return result.rows[0].id;
    },
    close: () => pool.end(),
  };
}
