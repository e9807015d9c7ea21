import type { HistoryView } from '../view/HistoryView.js';
import { guaranteeOf, type AnomalyKind, type Guarantee, type KindOnSide } from '../model/anomalies.js';
import type { Anomaly, CheckResult, Verdict } from '../model/results.js';

/** Anomalies on the send side: what the store holds versus what clients sent. */
export type SendAnomalyKind = KindOnSide<'send'>;

/** Anomalies on the receive side: what each client received versus what is stored. */
export type ReceiveAnomalyKind = KindOnSide<'receive'>;

/**
 * Anomalies of the target itself: its process died and siochaos did not end it
 * (`target-crashed`); it stored a row for a malformed payload (`bad-row-stored`).
 */
export type TargetAnomalyKind = KindOnSide<'target'>;

export type { AnomalyKind, Guarantee };
// Verdict, Anomaly and CheckResult are defined once, with results.json (model/results.ts).
export type { Anomaly, CheckResult, Verdict };

/** Counts a checker reports besides anomalies. */
export type CheckCounts = Record<string, number>;

/**
 * A checker is a pure function of a scenario's history, read through its view: no sockets, no processes, no clock.
 *
 * @example
 * const never: Checker = { name: 'never', check: () => ({ checker: 'never', verdict: 'valid', anomalies: [], counts: {}, notes: [] }) };
 */
export interface Checker {
  readonly name: string;
  /**
   * The anomaly kinds it can report. When none of them is judged (what the
   * campaign's parts promise rules them out, see `model/promises.ts`), it is
   * not run; without it, it always runs.
   */
  readonly kinds?: readonly AnomalyKind[];
  /**
   * Judges one scenario from its view: `view.history` is the raw history
   * anomalies cite indices into; the view's messages, rows and receipts leave
   * out the rows robustness probes led to (`view.probeRows`).
   */
  check(view: HistoryView): CheckResult;
}

/**
 * An anomaly of `kind`, its guarantee filled in from the contract table
 * (`model/anomalies.ts`): checkers name the kind only.
 *
 * @example
 * anomaly('lost', { client: 'c0', msgs: ['c0-3'], offsets: [], events: [12, 15], description: 'c0-3 was acknowledged but never stored' });
 */
export function anomaly(kind: AnomalyKind, fields: Omit<Anomaly, 'kind' | 'guarantee'>): Anomaly {
  return { kind, guarantee: guaranteeOf(kind), ...fields };
}
