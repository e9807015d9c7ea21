import type { Anomaly, Verdict } from './Checker.js';

/**
 * The verdict a checker gives: `invalid` if it found any anomaly, else
 * `unknown` if something could not be decided, else `valid`.
 *
 * @example
 * verdictOf([], 2); // 'unknown': no anomaly, two undecided messages
 */
export function verdictOf(anomalies: readonly Anomaly[], undecided: number): Verdict {
  if (anomalies.length > 0) return 'invalid';
  return undecided > 0 ? 'unknown' : 'valid';
}

/**
 * Combine verdicts: `invalid` wins over `unknown`, which wins over `valid`.
 *
 * @example
 * combineVerdicts(['valid', 'unknown', 'valid']); // 'unknown'
 */
export function combineVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let combined: Verdict = 'valid';
  for (const v of verdicts) {
    if (v === 'invalid') return 'invalid';
    if (v === 'unknown') combined = 'unknown';
  }
  return combined;
}
