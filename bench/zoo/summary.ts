/** Per-bug figures of the benchmark, summed up over seeds. */
import type { BaselineRun } from './baselineRun.js';
import type { SiochaosRun } from './siochaosRun.js';
import { maxOf, median } from './stats.js';

/** A strategy's figures for one bug, over its seeds. */
export interface StrategySummary {
  seeds: number;
  detected: number;
  /**
   * Median seconds to detect, a seed that found nothing counting as never;
   * null when half the seeds or more found nothing.
   */
  medianSecondsToDetect: number | null;
  /** Slowest detection among the seeds that detected. */
  maxSecondsToDetect: number | null;
  /** Median scenarios (siochaos) or rounds (baseline) to the first failure, among the seeds that detected. */
  medianRunsToDetect: number | null;
  /** Anomaly kinds seen by any seed. */
  anomalyKinds: string[];
  /** Seeds that detected with at least one of the kinds the zoo expects of the bug (or a documented extra). */
  expectedKindSeeds: number;
}

/** The siochaos strategy's summary adds shrinking. */
export interface SiochaosSummary extends StrategySummary {
  medianShrunkLength: number | null;
  maxShrunkLength: number | null;
  medianShrinkSeconds: number | null;
  /** The shrunk counterexamples' runs and failures, summed over seeds. */
  reproduction: { failures: number; tries: number };
}

/** Baseline over siochaos, on the median time to detect. */
export interface SpeedRatio {
  /** How many times faster siochaos was; null when siochaos's median is null. */
  value: number | null;
  /** True when the baseline found nothing on half its seeds or more: its time is taken as the time limit, so the ratio is at least `value`. */
  lowerBound: boolean;
}

function censoredMedian(values: readonly (number | null)[]): number | null {
  const m = median(values.map((v) => v ?? Infinity));
  return m === null || !Number.isFinite(m) ? null : m;
}

function common(
  runs: readonly (SiochaosRun | BaselineRun)[],
  expected: readonly string[],
  runsOf: (run: SiochaosRun | BaselineRun) => number | null,
): StrategySummary {
  const detected = runs.filter((r) => r.detected);
  return {
    seeds: runs.length,
    detected: detected.length,
    medianSecondsToDetect: censoredMedian(runs.map((r) => r.secondsToDetect)),
    maxSecondsToDetect: maxOf(detected.map((r) => r.secondsToDetect ?? 0)),
    medianRunsToDetect: median(detected.map((r) => runsOf(r) ?? 0)),
    anomalyKinds: [...new Set(detected.flatMap((r) => r.anomalyKinds))].sort(),
    expectedKindSeeds: detected.filter((r) => r.anomalyKinds.some((kind) => expected.includes(kind))).length,
  };
}

/**
 * Sums up the siochaos seeds of one bug; `expected` are the anomaly kinds the bug should show.
 *
 * @example
 * summariseSiochaos(runs, ['duplicated']).medianSecondsToDetect; // 2.1
 */
export function summariseSiochaos(runs: readonly SiochaosRun[], expected: readonly string[]): SiochaosSummary {
  const lengths = runs.flatMap((r) => (r.shrunkLength === null ? [] : [r.shrunkLength]));
  return {
    ...common(runs, expected, (r) => (r as SiochaosRun).runsToDetect),
    medianShrunkLength: median(lengths),
    maxShrunkLength: maxOf(lengths),
    medianShrinkSeconds: median(runs.flatMap((r) => (r.shrinkSeconds === null ? [] : [r.shrinkSeconds]))),
    reproduction: runs.reduce(
      (sum, r) => ({ failures: sum.failures + (r.reproduction?.failures ?? 0), tries: sum.tries + (r.reproduction?.tries ?? 0) }),
      { failures: 0, tries: 0 },
    ),
  };
}

/**
 * Sums up the baseline seeds of one bug; `expected` are the anomaly kinds the bug should show.
 *
 * @example
 * summariseBaseline(runs, ['duplicated']).detected; // 7
 */
export function summariseBaseline(runs: readonly BaselineRun[], expected: readonly string[]): StrategySummary {
  return common(runs, expected, (r) => (r as BaselineRun).rounds);
}

/**
 * How many times faster siochaos found the bug than the baseline, on the median.
 *
 * @example
 * speedRatio(siochaos, baseline, 60); // { value: 14.2, lowerBound: false }
 */
export function speedRatio(siochaos: StrategySummary, baseline: StrategySummary, timeLimitS: number): SpeedRatio {
  const ours = siochaos.medianSecondsToDetect;
  if (ours === null || ours <= 0) return { value: null, lowerBound: false };
  const theirs = baseline.medianSecondsToDetect;
  return theirs === null ? { value: timeLimitS / ours, lowerBound: true } : { value: theirs / ours, lowerBound: false };
}
