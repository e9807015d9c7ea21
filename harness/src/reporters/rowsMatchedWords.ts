import type { RowIdentity } from '../stores/rowIdentity.js';

/**
 * One line saying how stored rows were matched to sent messages, when it was
 * not by client offset (the usual case, said nothing about); undefined otherwise.
 *
 * @example
 * rowsMatchedLine('content'); // 'rows matched to messages by content: ...'
 */
export function rowsMatchedLine(rowsMatchedBy: RowIdentity | undefined): string | undefined {
  if (rowsMatchedBy !== 'content') return undefined;
  return 'rows matched to messages by content: the store keeps no client offset, so every scenario sent texts unique within it and each row is the message that sent its text';
}
