import fc from 'fast-check';
import type { CampaignConfig } from '../config/types.js';
import { copyRanFlags } from '../generate/commandList.js';
import type { TargetFaultPlan } from '../generate/targetFaults.js';
import { report, type Reporter } from './Reporter.js';
import { campaignArbitrary, isEmptyScenario } from './campaignArbitrary.js';
import type { CampaignProgress, RunOne } from './campaignRun.js';
import type { FoundFailure } from './searchScenarios.js';
import { shrinkCandidate } from './shrinkFailure.js';

/** Where the smallest failure sits: fast-check's path to it and its commands as fast-check holds them (their replay record). */
export interface ShrunkPath {
  path: string;
  commands: unknown;
}

/**
 * Shrinks the failure the search found, with fast-check from its path
 * (`{ seed, path: String(index) }`): fast-check's own value there is the one
 * the search ran (the same seed and index draw the same commands), marked with
 * which of its commands ran, so it fails at once and fast-check shrinks it;
 * each candidate is judged by {@link shrinkCandidate} until the shrink's own
 * limit. The smallest failure is then `progress.failure`, and the path
 * returned replays it.
 *
 * @example
 * const shrunk = await shrinkFound(config, faultPlan, progress, runOne, found, reporters);
 * shrunk?.path; // '7:0:3'
 */
export async function shrinkFound(
  config: CampaignConfig,
  plan: Pick<TargetFaultPlan, 'scenario' | 'nodes'>,
  progress: CampaignProgress,
  runOne: RunOne,
  found: FoundFailure,
  reporters: Reporter[],
): Promise<ShrunkPath | undefined> {
  progress.shrinkDeadline = Date.now() + config.shrinkTimeLimitMs;
  const evaluation = { failed: true, tries: 1, failures: 1 };
  progress.failure = { ...found.run, ...found.scenario, evaluation };
  await report(reporters, 'onShrinkStart', found.run.summary);
  let first = true;
  const property = fc.asyncProperty(campaignArbitrary(config, plan), async ({ transport, commands }) => {
    if (first) {
      first = false;
      copyRanFlags(found.scenario.commands, commands);
      progress.failure = { ...found.run, transport, commands, evaluation };
      return false;
    }
    // Interrupted: fast-check stops at once, keeping the smallest failure so far.
    if (progress.signal.aborted) throw new fc.PreconditionFailure(true);
    // Past the shrink limit (or once a target could not be set up) every candidate left passes untried,
    // so fast-check ends with the smallest failure so far.
    if (Date.now() > progress.shrinkDeadline || progress.shrinkStoppedBy || progress.setupError) return true;
    if (isEmptyScenario({ transport, commands })) return true;
    // A candidate fails when it fails in k of n runs (a race does not fail on every try).
    return shrinkCandidate(config, progress, runOne, transport, commands);
  });
  const details = await fc.check(property, { seed: config.seed, path: String(found.index), numRuns: 1 });
  if (!details.failed || details.counterexamplePath === null || !details.counterexample) return undefined;
  return { path: details.counterexamplePath, commands: details.counterexample[0].commands };
}
