/**
 * One stored message, as the checker needs it: what a target's `readStore()`
 * and the store readers return.
 */
export interface StoredRow {
  /** The server offset (the row's id). */
  offset: number;
  /** The client offset stored with it, or null when the target stored none. */
  msg: string | null;
  content: string;
  /** `content`: the store keeps no client identity, so the checker matches this row to a message by its content. */
  match?: 'content';
}
