import fc from 'fast-check';
import type { CampaignConfig, ReplayPoint } from '../config/types.js';
import type { TargetFaultPlan } from '../generate/targetFaults.js';
import { report, type Reporter } from './Reporter.js';
import { campaignArbitrary } from './campaignArbitrary.js';
import type { CampaignProgress, RunOne } from './campaignRun.js';
import type { ShrunkPath } from './shrinkFound.js';

/**
 * Replays a counterexample: runs the one scenario at the replay's path (and
 * commands' record) of the seed, once. When it fails it is
 * `progress.failure`, and the path returned is the replay's own.
 *
 * @example
 * const replayed = await replayScenario({ ...config, replay }, faultPlan, progress, runOne, reporters);
 */
export async function replayScenario(
  config: CampaignConfig & { replay: ReplayPoint },
  plan: Pick<TargetFaultPlan, 'scenario' | 'nodes'>,
  progress: CampaignProgress,
  runOne: RunOne,
  reporters: Reporter[],
): Promise<ShrunkPath | undefined> {
  // fast-check would go on with the values after the one at the path: only the first runs.
  let replayed = false;
  const property = fc.asyncProperty(campaignArbitrary(config, plan), async ({ transport, commands }) => {
    if (progress.signal.aborted) throw new fc.PreconditionFailure(true);
    if (replayed || progress.setupError) return true;
    replayed = true;
    const run = await runOne(transport, commands);
    if (!run || run.summary.verdict !== 'invalid') return true;
    await report(reporters, 'onShrinkStart', run.summary);
    progress.failure = { ...run, transport, commands, evaluation: { failed: true, tries: 1, failures: 1 } };
    return false;
  });
  const details = await fc.check(property, { seed: config.seed, numRuns: config.runs, path: config.replay.path, endOnFailure: true });
  if (details.failed && !progress.failure && details.errorInstance) throw details.errorInstance;
  if (!progress.failure || details.counterexamplePath === null || !details.counterexample) return undefined;
  return { path: details.counterexamplePath, commands: details.counterexample[0].commands };
}
