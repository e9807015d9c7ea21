/**
 * How shrinking judges a candidate: a timing-dependent failure does not fail
 * on every try, so a candidate counts as failing when it fails in `failures`
 * of `tries` runs. The search still runs each scenario once.
 */
export interface ShrinkJudgement {
  /** How many times a candidate may run (n). */
  tries: number;
  /** How many of those runs must fail for it to count as failing (k). */
  failures: number;
}

/**
 * The default: a candidate fails when it fails once in 3 tries. Every run that
 * fails is a real failure seen (its history shows the anomaly), so one is
 * enough to keep a smaller schedule; the tries let a race that fails one time
 * in two still shrink, where a single try would keep every Wait and Emit whose
 * removal happened to pass.
 */
export const DEFAULT_SHRINK: ShrinkJudgement = { tries: 3, failures: 1 };
