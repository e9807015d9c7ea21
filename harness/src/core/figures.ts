import type { OkEvent } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import type { NodeFigures, Quantiles, ScenarioFigures } from '../model/results.js';

// Quantiles, ScenarioFigures and NodeFigures are defined once, with results.json (model/results.ts).
export type { NodeFigures, Quantiles, ScenarioFigures };

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
  const nodes = nodeFigures(view);
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
    ...(nodes ? { nodes } : {}),
  };
}

/**
 * Figures per node of a multi-node target, from the `connect` events that
 * name a node; undefined when none does (one node). A message counts as
 * handled by the node its client last connected to before its ack (the `ok`
 * it counts as acknowledged by).
 *
 * @example
 * nodeFigures(view)?.n1?.handled; // messages acknowledged through n1
 */
export function nodeFigures(view: HistoryView): Record<string, NodeFigures> | undefined {
  const { history } = view;
  const nodes: Record<string, NodeFigures> = {};
  const nodeOf = new Map<string, string>();
  const figuresOf = (node: string): NodeFigures => (nodes[node] ??= { connections: 0, handled: 0, recoveries: 0 });
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (e.type === 'connect') {
      if (e.node === undefined) continue;
      nodeOf.set(e.client, e.node);
      const figures = figuresOf(e.node);
      figures.connections++;
      if (e.recovered) figures.recoveries++;
    } else if (e.type === 'ok') {
      const node = nodeOf.get(e.client);
      const id = view.messageIdAt[i]!;
      if (node !== undefined && id >= 0 && view.messageById[id]!.ok === i) figuresOf(node).handled++;
    }
  }
  return nodeOf.size > 0 ? Object.fromEntries(Object.entries(nodes).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) : undefined;
}
