import fc from 'fast-check';
import type { CampaignConfig } from '../config/types.js';
import { generatedScenario } from '../generate/arbitraries.js';
import type { TargetFaultPlan } from '../generate/targetFaults.js';
import { report, type Reporter } from './Reporter.js';
import type { CampaignProgress, RunOne } from './campaignRun.js';
import { shrinkCandidate } from './shrinkFailure.js';

/**
 * Searches for a failing scenario: fast-check draws scenarios from the seed
 * and `runOne` runs each once, until the time limit, the run count or the
 * first `invalid` one; fast-check then shrinks that one, each candidate judged
 * by {@link shrinkCandidate} until the shrink's own limit. A replay runs the
 * one value at its path. Returns fast-check's details; the smallest failure
 * is `progress.failure`.
 *
 * @example
 * const details = await searchScenarios(config, faultPlan, progress, runOne, reporters);
 * if (progress.failure) console.log(details.counterexamplePath);
 */
export async function searchScenarios(
  config: CampaignConfig,
  plan: Pick<TargetFaultPlan, 'scenario' | 'nodes'>,
  progress: CampaignProgress,
  runOne: RunOne,
  reporters: Reporter[],
) {
  const { signal } = progress;
  const searchDeadline = Date.now() + config.timeLimitMs;
  const arbitrary = generatedScenario({
    clients: config.clients,
    maxCommands: config.maxCommands,
    scenario: plan.scenario,
    nodes: plan.nodes,
    transport: config.transport,
    texts: config.texts,
    pages: config.browser?.clients ?? 0,
    ...(config.replay ? { replayPath: config.replay.commandsPath } : {}),
  });
  // A replay runs the value at its path and nothing else: fast-check would go on with the values after it.
  let replayed = false;
  const property = fc.asyncProperty(arbitrary, async ({ transport, commands }) => {
    // Interrupted: fast-check stops at once (drawing the runs left would take seconds), keeping any failure found.
    if (signal.aborted) throw new fc.PreconditionFailure(true);
    if (progress.setupError) return true;
    if (config.replay) {
      if (replayed) return true;
      replayed = true;
    }
    // Past the search limit with nothing found, fast-check stops at once too. (Its own interruptAfterTimeLimit
    // would abandon a scenario under way: the campaign stopped Toxiproxy and reported while that scenario's
    // target and proxies were still up, which the soak counted as left over.)
    if (!progress.failure && Date.now() > searchDeadline) throw new fc.PreconditionFailure(true);
    // An empty scenario sends no message: it would cost a target start and a final phase to find nothing.
    if (commands[Symbol.iterator]().next().done) return true;
    // Past the shrink limit (or once a target could not be set up) every candidate left passes untried,
    // so fast-check ends with the smallest failure so far.
    if (progress.failure && (Date.now() > progress.shrinkDeadline || progress.shrinkStoppedBy)) return true;
    if (!progress.failure) {
      // The search runs each scenario once.
      const run = await runOne(transport, commands);
      if (!run || run.summary.verdict !== 'invalid') return true;
      progress.shrinkDeadline = Date.now() + config.shrinkTimeLimitMs;
      await report(reporters, 'onShrinkStart', run.summary);
      progress.failure = { ...run, transport, commands, evaluation: { failed: true, tries: 1, failures: 1 } };
      return false;
    }
    // Shrinking: a candidate fails when it fails in k of n runs (a race does not fail on every try).
    return shrinkCandidate(config, progress, runOne, transport, commands);
  });
  return fc.check(property, {
    seed: config.seed,
    numRuns: config.runs,
    ...(config.replay ? { path: config.replay.path, endOnFailure: true } : {}),
  });
}
