import type { OkEvent } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import type { Quantiles, ScenarioFigures } from '../model/results.js';

// Quantiles and ScenarioFigures are defined once, with results.json (model/results.ts).
export type { Quantiles, ScenarioFigures };

/**
 * The q-quantile of sorted numbers (nearest rank); 0 for none.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Quantiles of a list of numbers.
 *
 * @example
 * quantiles([5, 1, 9]); // { p50: 5, p95: 9, p99: 9, max: 9 }
 */
export function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * A scenario's figures, read from its view. Rows and receipts of robustness
 * probes are not messages: they are not counted.
 *
 * @example
 * scenarioFigures(buildView(history)).ackLatencyMs.p95;
 */
export function scenarioFigures(view: HistoryView): ScenarioFigures {
  const { history } = view;
  const latencies: number[] = [];
  let sent = 0;
  let acked = 0;
  let gaveUp = 0;
  for (const m of view.messages.values()) {
    if (m.attempts > 0) sent++;
    gaveUp += m.fails;
    if (m.firstOk < 0) continue;
    acked++;
    const ok = history[m.firstOk] as OkEvent;
    if (ok.ack === 'server' && m.firstInvoke >= 0 && m.firstInvoke < m.firstOk) latencies.push(ok.t - history[m.firstInvoke]!.t);
  }
  let receives = 0;
  let disconnects = 0;
  for (const c of view.clients.values()) {
    receives += c.receives.length;
    for (const i of c.connections) if (history[i]!.type === 'disconnect') disconnects++;
  }
  const recovered = view.faults.filter((f) => f.end >= 0 && f.firstOkAfterEnd >= 0).sort((a, b) => a.end - b.end);
  return {
    sent,
    attempts: view.attempts,
    retries: view.attempts - sent,
    acked,
    gaveUp,
    stored: view.rows.length,
    receives,
    faults: view.faults.filter((f) => f.start >= 0).length,
    disconnects,
    ackLatencyMs: quantiles(latencies),
    recoveryMs: recovered.map((f) => history[f.firstOkAfterEnd]!.t - history[f.end]!.t),
  };
}
