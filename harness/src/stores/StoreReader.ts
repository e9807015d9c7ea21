import type { StoredRow } from '../model/storedRow.js';

/**
 * Reads what a target stored: the ground truth the checker compares against.
 *
 * @example
 * const reader = storeReader({ kind: 'sqlite', file: '/tmp/s1/db.sqlite', query: 'SELECT ...' }, placeholders);
 * const rows = await reader.read();
 */
export interface StoreReader {
  /** What it reads, for messages: "sqlite /tmp/s1/db.sqlite". */
  readonly description: string;
  /** Every stored message, in server-offset order. */
  read(): Promise<StoredRow[]>;
  /** Empties the store before a scenario, when the config says how. */
  reset?(): Promise<void>;
}
