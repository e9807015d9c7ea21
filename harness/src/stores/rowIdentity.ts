import type { FieldsConfig, StoreConfig } from '../config/schema.js';
import { SetupError } from '../errors/SetupError.js';

/**
 * How the checker tells which sent message a stored row is:
 *
 * - `client-offset`: by the client identity the store keeps with the row, its
 *   client offset (`msg`) or its client id and sequence number (`client` + `seq`).
 * - `content`: the store keeps no client identity (`fields` maps `offset` and
 *   `content` only, as a server that stores `(id, content)` does), so a row is
 *   the message whose text equals its content. Scenarios then send texts that
 *   are unique within the scenario.
 * - `none`: there is no store (`kind: 'none'`): only what clients received is checked.
 */
export type RowIdentity = 'client-offset' | 'content' | 'none';

/**
 * Whether `fields` maps fields but no client identity (no `msg`, no `client`,
 * no `seq`), so that rows are matched to messages by content. No mapping (or
 * an empty one) means the default columns, the tutorial's `client_offset` among them.
 *
 * @example
 * matchesByContent({ offset: 'id', content: 'content' }); // true
 * matchesByContent(undefined); // false: the tutorial's columns, client_offset included
 */
export function matchesByContent(fields: FieldsConfig | undefined): boolean {
  return fields !== undefined && Object.keys(fields).length > 0 && !fields.msg && !fields.client && !fields.seq;
}

/**
 * How rows of a store config are matched to the messages clients sent (see
 * {@link RowIdentity}); no store config is the reference server's, which keeps
 * client offsets.
 *
 * @throws SetupError when `fields` maps half of a client identity (`client` without `seq`, or `seq` without `client`).
 * @example
 * rowIdentity({ kind: 'sqlite', file: '{db}', query: 'SELECT id, content FROM messages', fields: { offset: 'id', content: 'content' } }); // 'content'
 */
export function rowIdentity(store: StoreConfig | undefined): RowIdentity {
  if (store === undefined) return 'client-offset';
  if (store.kind === 'none') return 'none';
  const fields = store.fields;
  if (fields && !fields.msg && Boolean(fields.client) !== Boolean(fields.seq)) {
    throw new SetupError(
      `store.fields maps ${fields.client ? 'client' : 'seq'} without ${fields.client ? 'seq' : 'client'}: map both (a client id and its sequence number), or msg (one client offset), or neither to match rows by content`,
    );
  }
  return matchesByContent(fields) ? 'content' : 'client-offset';
}
