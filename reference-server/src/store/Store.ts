/** One stored message. `id` is the server offset broadcasts carry. */
export interface StoredRow {
  id: number;
  /** Null only for rows written by something other than this server. */
  clientOffset: string | null;
  content: string;
}

/**
 * What an insert did: stored a new row, or found the client offset already
 * stored (the UNIQUE constraint fired: the message is a retry). Any other
 * failure rejects the insert's promise.
 */
export type InsertResult = { kind: 'inserted'; id: number } | { kind: 'duplicate' };

/** How a catch-up query selects and orders rows. */
export interface CatchUpQuery {
  /** The client's server offset: the id of the last row it has. */
  after: number;
  /** `id >= after` instead of `id > after` (the `catchup-gte` bug). */
  inclusive?: boolean;
  /** Order by id descending instead of ascending (the `catchup-no-order` bug). */
  reversed?: boolean;
  /** Only rows with `id <= upTo` (the rows broadcast so far); no bound when absent. */
  upTo?: number;
}

/**
 * The reference server's store: one table of messages, written one row per
 * message, read back for catch-ups and for the harness's final read.
 * Implementations: `sqliteStore.ts` and `postgresStore.ts`.
 *
 * @example
 * const result = await store.insert('hi', 'c0-1');
 * if (result.kind === 'inserted') io.to('live').emit('chat message', 'hi', result.id);
 * const rows = await store.rowsAfter({ after: 0 });
 */
export interface Store {
  /** `sqlite` or `postgres`, for logs. */
  readonly kind: string;
  /** Stores one message; a duplicate client offset resolves `{ kind: 'duplicate' }`. */
  insert(content: string, clientOffset: string): Promise<InsertResult>;
  /** The rows a catch-up sends, in id order unless the query says otherwise. */
  rowsAfter(query: CatchUpQuery): Promise<StoredRow[]>;
  /** The highest id in the table, 0 when it is empty. */
  lastId(): Promise<number>;
  /**
   * Whether an insert that rejected with `err` may have committed all the same
   * (its reply was lost: a dropped connection, a client-side timeout). False
   * only when the database answered with the statement's own error.
   */
  mayHaveCommitted(err: unknown): boolean;
  /** Releases the database; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Options every store takes when it opens. */
export interface StoreOptions {
  /** The table's name, a plain SQL identifier. */
  table: string;
  /** Create the table with `client_offset TEXT UNIQUE` (false for `no-unique`, `memory-dedupe`, `node-memory-dedupe`). */
  uniqueOffsets: boolean;
  /**
   * Inserts from every process commit in id order (PostgreSQL: an advisory
   * lock; SQLite's one writer at a time does it anyway). Default true; false
   * for the `no-commit-order` bug.
   */
  commitInIdOrder?: boolean;
}
