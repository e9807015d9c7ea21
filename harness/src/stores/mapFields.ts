import type { FieldsConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import type { StoredRow } from '../model/storedRow.js';
import { toStoredRow } from './readSqlite.js';
import { rowMatchesByContent } from './rowIdentity.js';

/**
 * Maps a row in the target's own field names to a {@link StoredRow}: `offset`,
 * `msg` (the client offset, or client id + sequence joined as `client-seq`) and
 * `content`. Without a mapping, the row's `offset`, `msg` and `content` are used,
 * falling back to the tutorial's `id` and `client_offset`. A mapping of
 * `offset` and `content` only, on a row with no value in a `msg` or
 * `client_offset` column, gives a row matched by content: `msg` null and `match: 'content'`.
 *
 * @throws Error naming the field that is missing or of the wrong type; SetupError
 * when the row lacks the field that tells which message it is, saying what to map.
 * @example
 * mapFields({ id: 3, clientId: 'c0', seq: 2, text: 'hi' }, { offset: 'id', client: 'clientId', seq: 'seq', content: 'text' });
 * // { offset: 3, msg: 'c0-2', content: 'hi' }
 * mapFields({ id: 3, text: 'hi' }, { offset: 'id', content: 'text' });
 * // { offset: 3, msg: null, content: 'hi', match: 'content' }
 * mapFields({ id: 3, client_offset: 'c0-1', text: 'hi' }, { content: 'text' });
 * // { offset: 3, msg: 'c0-1', content: 'hi' }: a partial mapping keeps the client offset
 */
export function mapFields(row: Record<string, unknown>, mapping?: FieldsConfig): StoredRow {
  const fields = mapping ?? {};
  const offsetKey = fields.offset ?? ('offset' in row ? 'offset' : 'id');
  const contentKey = fields.content ?? 'content';
  // The server offset first: without it no row can be placed, whatever identifies its message.
  const stored = toStoredRow({ offset: row[offsetKey], msg: null, content: row[contentKey] });
  if (rowMatchesByContent(row, mapping)) {
    if (!(contentKey in row)) {
      throw new SetupError(
        `store row has no "${contentKey}" field, and the store maps no client identity, so rows can only be matched to messages by their content: map store.fields.content to the field holding the text, or msg (or client + seq) to the client offset (row: ${JSON.stringify(row).slice(0, 200)})`,
      );
    }
    return { ...stored, match: 'content' };
  }
  let msg: unknown;
  if (fields.client && fields.seq) {
    const client = row[fields.client];
    const seq = row[fields.seq];
    msg = client === null || client === undefined || seq === null || seq === undefined ? null : `${String(client)}-${String(seq)}`;
  } else {
    const msgKey = fields.msg ?? ('msg' in row ? 'msg' : 'client_offset');
    if (!(msgKey in row)) {
      throw new SetupError(
        `store row has no client offset field "${msgKey}": map store.fields.msg (or client + seq) to it, or, if your store keeps no client identity, map only offset and content (fields: { offset: 'id', content: 'content' }) to match rows by content (row: ${JSON.stringify(row).slice(0, 200)})`,
      );
    }
    msg = row[msgKey];
  }
  return toStoredRow({ offset: stored.offset, msg: msg ?? null, content: row[contentKey] });
}
