import { openPostgresStore } from './postgresStore.js';
import { openSqliteStore } from './sqliteStore.js';
import type { Store, StoreOptions } from './Store.js';

/** Where the messages live: a SQLite file or a PostgreSQL database. */
export type StoreLocation =
  | { kind: 'sqlite'; path: string; busyTimeoutMs: number }
  | { kind: 'postgres'; url: string; queryTimeoutMs: number };

/**
 * Opens the store at `location`, with the table named `table`.
 * `uniqueOffsets: false` creates the table without the UNIQUE constraint
 * (the `no-unique` and `memory-dedupe` bugs).
 *
 * The harness can use it for its final read:
 *
 * @example
 * const store = await openStore({ kind: 'sqlite', path: dbFile, busyTimeoutMs: 2000 }, { table: 'messages', uniqueOffsets: true });
 * const rows = await store.rowsAfter({ after: 0 });
 * await store.close();
 */
export function openStore(location: StoreLocation, options: StoreOptions): Promise<Store> {
  if (location.kind === 'sqlite') return openSqliteStore({ ...options, path: location.path, busyTimeoutMs: location.busyTimeoutMs });
  return openPostgresStore({ ...options, url: location.url, queryTimeoutMs: location.queryTimeoutMs });
}
