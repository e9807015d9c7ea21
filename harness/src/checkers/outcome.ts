import type { MessageView } from '../view/HistoryView.js';

/**
 * What the client concluded about a message: `acked` if any attempt got an
 * `ok` (even after an `info`), else `rejected` if the server refused it (a
 * `reject`), else `gave-up` if it recorded a `fail`, else `unknown` (only
 * invokes and infos).
 */
export type MessageOutcome = 'acked' | 'rejected' | 'gave-up' | 'unknown';

/**
 * The client's conclusion about one message.
 *
 * @example
 * outcomeOf(buildView(history).messages.get('c0-1')!); // 'acked'
 */
export function outcomeOf(record: MessageView): MessageOutcome {
  if (record.ok >= 0) return 'acked';
  if (record.reject >= 0) return 'rejected';
  if (record.fail >= 0) return 'gave-up';
  return 'unknown';
}
