import { quantiles, type Quantiles } from '../../core/figures.js';
import type { History } from '../../history/events.js';
import { sampleEvenly } from './timelineModel.js';

/** How long after a fault's heal the first message was acknowledged again. */
export interface Recovery {
  id: number;
  fault: string;
  /** When the fault was healed, ms since the scenario started. */
  healedAt: number;
  /** From the heal to the first ok after it; absent when no message was acknowledged afterwards. */
  ms?: number;
}

/** The data of the small charts: ack latency over time, recovery after each fault. */
export interface ChartsModel {
  /** `[t of the ack, ms from the first attempt to the ack]`, server acks only, sampled to at most `maxPoints`. */
  ackLatency: [number, number][];
  ackLatencyTotal: number;
  ackQuantiles: Quantiles;
  recoveries: Recovery[];
}

/** The most points the latency chart draws. */
export const MAX_LATENCY_POINTS = 2000;

function r1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Ack latency and recovery time from a history, in one pass: the latency of
 * every message the server acknowledged (first attempt to first ok), and for
 * each fault the time from its heal to the next ok of any client.
 *
 * @example
 * const charts = chartsModel(history);
 * charts.recoveries.map((r) => `${r.fault}: ${r.ms ?? 'never'} ms`);
 */
export function chartsModel(history: History, maxPoints = MAX_LATENCY_POINTS): ChartsModel {
  const firstAttempt = new Map<string, number>();
  const acked = new Set<string>();
  const points: [number, number][] = [];
  const recoveries: Recovery[] = [];
  let waiting: Recovery[] = [];
  for (const e of history) {
    if (e.type === 'invoke') {
      if (!firstAttempt.has(e.msg)) firstAttempt.set(e.msg, e.t);
    } else if (e.type === 'ok') {
      for (const r of waiting) r.ms = r1(e.t - r.healedAt);
      waiting = [];
      if (acked.has(e.msg)) continue;
      acked.add(e.msg);
      const start = firstAttempt.get(e.msg);
      if (start !== undefined && e.ack === 'server') points.push([r1(e.t), r1(e.t - start)]);
    } else if (e.type === 'fault-end') {
      const r: Recovery = { id: e.id, fault: e.fault, healedAt: r1(e.t) };
      recoveries.push(r);
      waiting.push(r);
    }
  }
  return {
    ackLatency: points.length > maxPoints ? keepExtremes(points, maxPoints) : points,
    ackLatencyTotal: points.length,
    ackQuantiles: quantiles(points.map((p) => p[1])),
    recoveries,
  };
}

function keepExtremes(points: [number, number][], n: number): [number, number][] {
  let slowest = points[0]!;
  for (const p of points) if (p[1] > slowest[1]) slowest = p;
  const sample = sampleEvenly(points, n - 1);
  if (!sample.includes(slowest)) sample.push(slowest);
  return sample.sort((a, b) => a[0] - b[0]);
}
