import type { CampaignConfig } from '../config/types.js';
import type { GeneratedScenario } from '../generate/arbitraries.js';
import { scenarioAt } from '../generate/scenarioAt.js';
import type { TargetFaultPlan } from '../generate/targetFaults.js';
import { campaignArbitrary, isEmptyScenario } from './campaignArbitrary.js';
import type { CampaignProgress, Run, RunOne } from './campaignRun.js';
import { report, type Reporter } from './Reporter.js';
import { searchByIndex, type FoundAt } from './searchPool.js';

/** The failing scenario the search found: its fast-check path index, what it drew, and its run. */
export type FoundFailure = FoundAt<GeneratedScenario, Run>;

/**
 * Searches for a failing scenario: runs the campaign's scenarios by index
 * (scenario k is fast-check's value at path k of the seed, see
 * {@link scenarioAt}), those of its shard only, one runner per worker at once,
 * until the time limit, the run count, an interrupt or the first `invalid`
 * one (the lowest failing index, see {@link searchByIndex}). Empty scenarios
 * are skipped. Reporters hear `onWorkerIdle` as each worker runs out of
 * scenarios (the runners tell them each start and end). Returns the failure,
 * which `shrinkFound` then shrinks from its path; undefined when none was
 * found (or a target could not be set up: `progress.setupError`).
 *
 * @example
 * const found = await searchScenarios(config, faultPlan, progress, runners, reporters);
 * if (found) await shrinkFound(config, faultPlan, progress, runners[0], found, reporters);
 */
export async function searchScenarios(
  config: CampaignConfig,
  plan: Pick<TargetFaultPlan, 'scenario' | 'nodes'>,
  progress: CampaignProgress,
  runners: readonly RunOne[],
  reporters: readonly Reporter[] = [],
): Promise<FoundFailure | undefined> {
  const arbitrary = campaignArbitrary(config, plan);
  const found = await searchByIndex({
    workers: runners.length,
    shard: config.shard,
    runs: config.runs,
    deadline: Date.now() + config.timeLimitMs,
    scenarioAt: (index) => scenarioAt(arbitrary, config.seed, index),
    skip: isEmptyScenario,
    run: (worker, index, { transport, commands }, stop) => runners[worker - 1]!(transport, commands, { index: index + 1, stop }),
    fails: (run) => run.summary.verdict === 'invalid',
    stopped: () => progress.signal.aborted || progress.setupError !== undefined,
    idle: async (worker) => void (await report(reporters, 'onWorkerIdle', { worker })),
  });
  // A target that could not be set up at a higher index than the failure found: a single worker would have
  // stopped at the failure and never started it, so it does not make the campaign unknown.
  if (found) delete progress.setupError;
  return found;
}
