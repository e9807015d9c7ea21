import type { FinalReadEvent, History, HistoryEvent, ProbeEvent } from '../history/events.js';

/** A stored row that a robustness probe led to. */
export interface ProbeRow {
  /** The index of its `final-read` event. */
  row: number;
  /** The index of the `probe` event it came from. */
  probe: number;
}

/** Whether `content` is the probe's content, or starts with it and a space (an oversized probe). */
function carries(content: string, probe: ProbeEvent): boolean {
  return probe.content !== undefined && (content === probe.content || content.startsWith(`${probe.content} `));
}

/**
 * The stored rows that came from robustness probes: a row is a probe's when it
 * carries the probe's client offset, or its content (which no message has).
 *
 * @example
 * probeRows(history); // [{ row: 41, probe: 12 }]
 */
export function probeRows(history: History): ProbeRow[] {
  const probes: { index: number; event: ProbeEvent }[] = [];
  history.forEach((e, index) => {
    if (e.type === 'probe') probes.push({ index, event: e });
  });
  if (probes.length === 0) return [];
  const found: ProbeRow[] = [];
  history.forEach((e, row) => {
    if (e.type !== 'final-read') return;
    const from = probes.find(({ event }) => (event.msg !== undefined && e.msg === event.msg) || carries(e.content, event));
    if (from) found.push({ row, probe: from.index });
  });
  return found;
}

/**
 * The history as the delivery, ordering and receive checkers judge it: rows
 * from robustness probes, and their broadcasts, are not messages any client
 * sent through its strategy, so they become `probe-row` notes (at the same
 * index, so anomalies still point at the right events). The robustness
 * checker judges those rows.
 *
 * @example
 * checkDelivery(maskProbeRows(history)); // no `phantom` for a probe's row
 */
export function maskProbeRows(history: History): History {
  const rows = probeRows(history);
  if (rows.length === 0) return history;
  const maskedRows = new Set(rows.map((r) => r.row));
  const offsets = new Set(rows.map((r) => (history[r.row] as FinalReadEvent).offset));
  return history.map((e, i): HistoryEvent => {
    if (e.type === 'final-read' && maskedRows.has(i)) return note(e.t, `row at offset ${e.offset} came from a robustness probe`);
    if (e.type === 'receive' && offsets.has(e.offset)) return note(e.t, `${e.client} received offset ${e.offset}, a robustness probe's row`);
    return e;
  });
}

function note(t: number, detail: string): HistoryEvent {
  return { type: 'note', t, phase: 'probe-row', detail };
}
