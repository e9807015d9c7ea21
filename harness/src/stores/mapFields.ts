import type { FieldsConfig } from '../config/schema.js';
import type { StoredRow } from '../target/Target.js';
import { toStoredRow } from './readSqlite.js';

/**
 * Maps a row in the target's own field names to a {@link StoredRow}: `offset`,
 * `msg` (the client offset, or client id + sequence joined as `client-seq`) and
 * `content`. Without a mapping, the row's `offset`, `msg` and `content` are used,
 * falling back to the tutorial's `id` and `client_offset`.
 *
 * @throws Error naming the field that is missing or of the wrong type.
 * @example
 * mapFields({ id: 3, clientId: 'c0', seq: 2, text: 'hi' }, { offset: 'id', client: 'clientId', seq: 'seq', content: 'text' });
 * // { offset: 3, msg: 'c0-2', content: 'hi' }
 */
export function mapFields(row: Record<string, unknown>, fields: FieldsConfig = {}): StoredRow {
  const offsetKey = fields.offset ?? ('offset' in row ? 'offset' : 'id');
  const msgKey = fields.msg ?? ('msg' in row ? 'msg' : 'client_offset');
  let msg: unknown = row[msgKey];
  if (fields.client && fields.seq) {
    const client = row[fields.client];
    const seq = row[fields.seq];
    msg = client === null || client === undefined || seq === null || seq === undefined ? null : `${String(client)}-${String(seq)}`;
  }
  return toStoredRow({ offset: row[offsetKey], msg: msg ?? null, content: row[fields.content ?? 'content'] });
}
