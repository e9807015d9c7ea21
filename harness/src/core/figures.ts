import { maskProbeRows } from '../checkers/probeRows.js';
import type { History } from '../history/events.js';

/** Latency quantiles in ms. */
export interface Quantiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Figures of one scenario (or, summed, of a campaign). */
export interface ScenarioFigures {
  sent: number;
  attempts: number;
  retries: number;
  acked: number;
  gaveUp: number;
  stored: number;
  receives: number;
  faults: number;
  disconnects: number;
  /** From the first attempt of a message to its ok, acknowledged messages only. */
  ackLatencyMs: Quantiles;
  /** Per fault: from its heal to the first ok after it, when there was one. */
  recoveryMs: number[];
}

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
 * Computes a scenario's figures from its history, in one pass. Rows and
 * receipts of robustness probes are not messages: they are not counted.
 *
 * @example
 * scenarioFigures(history).ackLatencyMs.p95;
 */
export function scenarioFigures(history: History): ScenarioFigures {
  const firstAttempt = new Map<string, number>();
  const latencies: number[] = [];
  const acked = new Set<string>();
  const pendingRecovery: number[] = [];
  const recoveryMs: number[] = [];
  let attempts = 0;
  let gaveUp = 0;
  let stored = 0;
  let receives = 0;
  let faults = 0;
  let disconnects = 0;
  for (const event of maskProbeRows(history)) {
    switch (event.type) {
      case 'invoke':
        attempts++;
        if (!firstAttempt.has(event.msg)) firstAttempt.set(event.msg, event.t);
        break;
      case 'ok':
        if (!acked.has(event.msg)) {
          acked.add(event.msg);
          const start = firstAttempt.get(event.msg);
          if (start !== undefined && event.ack === 'server') latencies.push(event.t - start);
        }
        for (const healedAt of pendingRecovery) recoveryMs.push(event.t - healedAt);
        pendingRecovery.length = 0;
        break;
      case 'fail':
        gaveUp++;
        break;
      case 'fault-start':
        faults++;
        break;
      case 'fault-end':
        pendingRecovery.push(event.t);
        break;
      case 'receive':
        receives++;
        break;
      case 'disconnect':
        disconnects++;
        break;
      case 'final-read':
        stored++;
        break;
      default:
        break;
    }
  }
  return {
    sent: firstAttempt.size,
    attempts,
    retries: attempts - firstAttempt.size,
    acked: acked.size,
    gaveUp,
    stored,
    receives,
    faults,
    disconnects,
    ackLatencyMs: quantiles(latencies),
    recoveryMs,
  };
}
