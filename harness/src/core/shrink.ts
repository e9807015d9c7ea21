import type { ShrinkJudgement } from '../config/shrinkJudgement.js';

/** How often a candidate failed, and whether that counts as failing. */
export interface Evaluation {
  failed: boolean;
  tries: number;
  failures: number;
}

/**
 * Runs a candidate until it is decided: stops once it failed `failures` times,
 * or once it can no longer reach that in the tries left. `tryOnce` says whether
 * a run failed, or undefined when it could not run (the campaign is stopping):
 * then what was seen so far decides.
 *
 * @example
 * const evaluation = await evaluateCandidate(async () => (await runScenario(...)).verdict === 'invalid', { tries: 3, failures: 1 });
 * evaluation.failed; // true when one of up to 3 runs failed
 */
export async function evaluateCandidate(tryOnce: () => Promise<boolean | undefined>, judgement: ShrinkJudgement): Promise<Evaluation> {
  let tries = 0;
  let failures = 0;
  while (failures < judgement.failures && failures + (judgement.tries - tries) >= judgement.failures) {
    const failed = await tryOnce();
    if (failed === undefined) break;
    tries++;
    if (failed) failures++;
  }
  return { failed: failures >= judgement.failures, tries, failures };
}

/**
 * The reproduction rate of the final counterexample: the runs it already had
 * while shrinking, topped up to `tries` runs.
 *
 * @example
 * const rate = await reproduce({ failed: true, tries: 1, failures: 1 }, tryOnce, 3); // { failures: 3, tries: 3 } for a steady failure
 */
export async function reproduce(
  seen: Pick<Evaluation, 'tries' | 'failures'>,
  tryOnce: () => Promise<boolean | undefined>,
  tries: number,
): Promise<{ failures: number; tries: number }> {
  const rate = { failures: seen.failures, tries: seen.tries };
  while (rate.tries < tries) {
    const failed = await tryOnce();
    if (failed === undefined) break;
    rate.tries++;
    if (failed) rate.failures++;
  }
  return rate;
}
