import type { ShrinkJudgement } from '../config/shrinkJudgement.js';

/**
 * How often a counterexample failed when run again, and how shrinking judged
 * its candidates, in one sentence. Empty for reports written before siochaos
 * measured it.
 *
 * @example
 * reproductionSentence({ failures: 2, tries: 3 }, { tries: 3, failures: 1 });
 * // 'It failed with the same anomalies in 2 of 3 runs (a timing-dependent failure); shrinking kept a smaller scenario when it failed in 1 of 3 tries.'
 */
export function reproductionSentence(
  reproduction: { failures: number; tries: number } | undefined,
  judgement: Partial<ShrinkJudgement> | undefined,
): string {
  if (!reproduction) return '';
  const steady = reproduction.failures === reproduction.tries;
  const rate = `It failed with the same anomalies in ${reproduction.failures} of ${reproduction.tries} ${reproduction.tries === 1 ? 'run' : 'runs'}${steady ? '' : ' (a timing-dependent failure)'}`;
  if (!judgement?.tries || !judgement.failures) return `${rate}.`;
  return `${rate}; shrinking kept a smaller scenario when it failed in ${judgement.failures} of ${judgement.tries} tries.`;
}
