import sqlite3 from 'sqlite3';
import type { StoredRow } from '../model/storedRow.js';

/** A query's row before it is checked. */
export type RawRow = Record<string, unknown>;

/**
 * Reads stored messages from a SQLite file, read-only. The query must return
 * the columns `offset`, `msg` and `content` (alias them), in offset order.
 *
 * @throws Error naming the file, or the column that is missing or of the wrong type.
 * @example
 * const rows = await readSqliteRows('/tmp/chat.sqlite',
 *   'SELECT id AS offset, client_offset AS msg, content FROM messages ORDER BY id');
 */
export function readSqliteRows(
  file: string,
  query: string,
  toRow: (row: RawRow) => StoredRow = toStoredRow,
): Promise<StoredRow[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) {
        reject(new Error(`cannot open SQLite store ${file}: ${openError.message}`));
        return;
      }
      db.configure('busyTimeout', 5000);
      db.all<RawRow>(query, (queryError, rows) => {
        db.close();
        if (queryError) {
          reject(new Error(`reading SQLite store ${file} failed: ${queryError.message}`));
          return;
        }
        try {
          resolve(rows.map(toRow));
        } catch (err) {
          reject(err);
        }
      });
    });
  });
}

/**
 * Checks one raw row and turns it into a {@link StoredRow}.
 *
 * @throws Error saying which column is missing or wrong.
 * @example
 * toStoredRow({ offset: 1, msg: 'c0-1', content: 'hi' }); // { offset: 1, msg: 'c0-1', content: 'hi' }
 * toStoredRow({ offset: 2, msg: 7357735, content: 'x' }); // { offset: 2, msg: '7357735', content: 'x' }
 */
export function toStoredRow(row: RawRow): StoredRow {
  const offset = typeof row.offset === 'string' ? Number(row.offset) : row.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset)) {
    throw new Error(`store row has no integer "offset" column: ${JSON.stringify(row)}`);
  }
  return { offset, msg: clientOffsetOf(row), content: String(row.content ?? '') };
}

/**
 * A row's client offset as text. A number or boolean is what a server stores
 * when a client sent one (the `offset-wrong-type` probe sends 7357735): it is
 * kept as its text, so that the robustness checker reports the row
 * (`bad-row-stored`) instead of the read failing.
 *
 * @throws Error when `msg` is an object or array: the mapping names the wrong field.
 */
function clientOffsetOf(row: RawRow): string | null {
  const msg = row.msg;
  if (msg === null || msg === undefined) return null;
  if (typeof msg === 'string') return msg;
  if (typeof msg === 'number' || typeof msg === 'boolean' || typeof msg === 'bigint') return String(msg);
  throw new Error(`store row's "msg" column is neither text nor a number: map store.fields.msg to the client offset field (row: ${JSON.stringify(row).slice(0, 200)})`);
}
