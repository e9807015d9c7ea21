import type { StoreScope } from '../core/CampaignResult.js';
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

/**
 * One line saying that a shared store was judged only on each scenario's own
 * rows (the README promises the report says so); undefined for a store that
 * was siochaos's alone.
 *
 * @example
 * storeScopeLine('own-messages'); // 'shared store: each scenario was judged only on its own rows ...'
 */
export function storeScopeLine(storeScope: StoreScope | undefined): string | undefined {
  if (storeScope !== 'own-messages') return undefined;
  return "shared store: it cannot be emptied between scenarios, so each scenario was judged only on its own rows (client offsets, or texts, starting s<seed>.<run id>.<scenario>.); rows of other runs, and rows with neither, were not judged";
}
