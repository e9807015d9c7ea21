import type { FieldsConfig, StoreConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import type { RowIdentity as RowIdentityOf } from '../model/results.js';

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
export type RowIdentity = RowIdentityOf;

/**
 * Whether `fields` says unambiguously that the store keeps no client identity:
 * it maps both `offset` and `content` and none of `msg`, `client`, `seq`. Then
 * rows are matched to messages by content (see {@link rowMatchesByContent} for
 * rows that still carry a client offset column). Any other mapping (a partial
 * one such as `{ content: 'text' }`, none, or an empty one) keeps the default
 * client offset columns, the tutorial's `client_offset` among them.
 *
 * @example
 * matchesByContent({ offset: 'id', content: 'content' }); // true
 * matchesByContent({ content: 'text' }); // false: an older partial mapping, client_offset still read
 * matchesByContent(undefined); // false: the tutorial's columns, client_offset included
 */
export function matchesByContent(fields: FieldsConfig | undefined): boolean {
  return fields !== undefined && Boolean(fields.offset) && Boolean(fields.content) && !fields.msg && !fields.client && !fields.seq;
}

/** The columns a row is matched by, without a mapping, when it has them. */
const DEFAULT_OFFSET_COLUMNS = ['msg', 'client_offset'] as const;

/**
 * Whether one stored row is matched to its message by content: the mapping
 * says so ({@link matchesByContent}) and the row holds no value in a default
 * client offset column (`msg`, `client_offset`), which, when filled, is what
 * tells its message (a column left null, as in the tutorial's "server delivery"
 * step, does not).
 *
 * @example
 * rowMatchesByContent({ id: 1, content: 'hi' }, { offset: 'id', content: 'content' }); // true
 * rowMatchesByContent({ id: 1, client_offset: null, content: 'hi' }, { offset: 'id', content: 'content' }); // true
 * rowMatchesByContent({ id: 1, client_offset: 'c0-1', content: 'hi' }, { offset: 'id', content: 'content' }); // false
 */
export function rowMatchesByContent(row: Record<string, unknown>, fields: FieldsConfig | undefined): boolean {
  return matchesByContent(fields) && !DEFAULT_OFFSET_COLUMNS.some((column) => row[column] !== null && row[column] !== undefined);
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
