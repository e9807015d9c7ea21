import type { FinalReadEvent } from '../history/events.js';
import type { HistoryView, MessageView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { quote } from './describe.js';
import { verdictOf } from './verdict.js';

/** Per client while walking the rows: the highest-seq message stored so far. */
interface ClientHigh {
  seq: number;
  record: MessageView;
  row: number;
}

/**
 * The send side's ordering: each client's messages are stored in the order it
 * sent them (`stored-in-send-order`). Walks the stored rows in offset order
 * keeping, per client, the highest `seq` stored so far; a message stored with a
 * lower `seq` is `reordered` against that one, and each such pair is one
 * anomaly, `msgs` and `offsets` in offset order (the later-sent message first).
 * Only a message's first row counts (extra rows are `duplicated`, reported by
 * the delivery checker); rows of messages no client sent are ignored. Linear in
 * the history (plus a sort when the final read was not in offset order).
 *
 * Run it for ordered client strategies (`queued-retry`); unordered ones
 * (`ack-retry`) do not promise this guarantee.
 *
 * Counts: `reordered`, `orderedClients` (clients with a stored message).
 *
 * @example
 * const { anomalies } = checkOrdering(buildView(history));
 * anomalies[0]?.msgs; // ['c0-2', 'c0-1']: c0-2 stored before c0-1, which c0 sent first
 */
export function checkOrdering(view: HistoryView): CheckResult {
  const { history } = view;
  const high = new Map<string, ClientHigh>();
  const pairs: { before: ClientHigh; row: number; record: MessageView }[] = [];

  // An indexed loop: unlike for-of, it allocates nothing while not yet optimized.
  const rows = view.rowsByOffset;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const id = view.messageIdAt[row]!;
    if (id < 0) continue;
    const record = view.messageById[id]!;
    if (record.attempts === 0 || record.firstRow !== row) continue;
    const h = high.get(record.client);
    if (h === undefined) high.set(record.client, { seq: record.seq, record, row });
    else if (record.seq < h.seq) pairs.push({ before: { ...h }, row, record });
    else {
      h.seq = record.seq;
      h.record = record;
      h.row = row;
    }
  }

  const anomalies: Anomaly[] = pairs.map(({ before, row, record }) => {
    const laterSent = before.record;
    const offsets = [(history[before.row] as FinalReadEvent).offset, (history[row] as FinalReadEvent).offset];
    return anomaly('reordered', {
      client: record.client,
      msgs: [laterSent.msg, record.msg],
      offsets,
      events: mergeEventIndices(laterSent.events, record.events),
      description:
        `${laterSent.msg} (${quote(laterSent.content)}, sent #${laterSent.seq}) was stored at offset ${offsets[0]} ` +
        `before ${record.msg} (${quote(record.content)}, sent #${record.seq}) at offset ${offsets[1]}, which ${record.client} sent first`,
    });
  });

  return {
    checker: 'ordering',
    verdict: verdictOf(anomalies, 0),
    anomalies,
    counts: { reordered: anomalies.length, orderedClients: high.size },
    notes: [],
  };
}

/**
 * The send-side ordering checker (see {@link checkOrdering}).
 *
 * @example
 * const result = orderingChecker.check(buildView(history));
 */
export const orderingChecker: Checker = { name: 'ordering', check: checkOrdering };

/** The sorted, de-duplicated union of two lists of event indices. */
function mergeEventIndices(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
