import type { TransportMode } from '../model/transport.js';
import type { CampaignConfig } from '../config/types.js';
import { commandsReplayPath } from '../generate/arbitraries.js';
import type { ScenarioCommand } from '../generate/commands/ScenarioCommand.js';
import type { Counterexample } from './CampaignResult.js';
import type { CampaignProgress, Failure, Run, RunOne } from './campaignRun.js';
import { compareReplay } from './compareReplay.js';
import { replayCommandLine } from './replayCommandLine.js';
import { evaluateCandidate, reproduce } from './shrink.js';

/**
 * One run of a candidate while shrinking: whether it failed (by default: any
 * `invalid`), or undefined once the campaign is stopping. `found` is told of
 * every `invalid` run.
 */
function tryCandidate(
  progress: CampaignProgress,
  runOne: RunOne,
  transport: TransportMode,
  commands: Iterable<ScenarioCommand>,
  found: (run: Run) => void,
  deadline = () => progress.shrinkDeadline,
  fails = (run: Run) => run.summary.verdict === 'invalid',
) {
  return async () => {
    if (progress.setupError || progress.shrinkStoppedBy || progress.signal.aborted || Date.now() > deadline()) return undefined;
    const run = await runOne(transport, commands);
    if (!run) return undefined;
    if (run.summary.verdict === 'invalid') found(run);
    return fails(run);
  };
}

/**
 * Judges one candidate fast-check proposes while shrinking: it fails when it
 * fails in k of n runs (a race does not fail on every try); then it becomes
 * the smallest failure so far. Returns what the property returns (false:
 * it failed).
 *
 * @example
 * return shrinkCandidate(config, progress, runOne, transport, commands);
 */
export async function shrinkCandidate(
  config: CampaignConfig,
  progress: CampaignProgress,
  runOne: RunOne,
  transport: TransportMode,
  commands: Iterable<ScenarioCommand>,
): Promise<boolean> {
  let first: Run | undefined;
  const evaluation = await evaluateCandidate(tryCandidate(progress, runOne, transport, commands, (run) => (first ??= run)), config.shrink);
  if (!evaluation.failed || !first) return true;
  progress.failure = { ...first, transport, commands, evaluation };
  return false;
}

/**
 * The counterexample of the final (smallest) failure: how often it fails (its
 * runs while shrinking, topped up to n; not on a replay), its commands, and
 * what replays it.
 *
 * @example
 * const counterexample = await counterexampleOf(config, progress, runOne, failure, { path, commandsPath: details.counterexample?.[0].commands }, reportDir);
 */
export async function counterexampleOf(
  config: CampaignConfig,
  progress: CampaignProgress,
  runOne: RunOne,
  final: Failure,
  found: { path: string; commands: unknown },
  reportDir: string,
): Promise<Counterexample> {
  // A top-up run counts when every anomaly kind of the counterexample came back, as a replay counts it,
  // not when it failed some other way.
  const expectedKinds = final.result.check.anomalies.map((a) => ({ kind: a.kind, msgs: [...a.msgs] }));
  const sameFailure = (run: Run) => compareReplay(expectedKinds, run.summary.verdict, run.result.check.anomalies).reproduced;
  const reproduction = config.replay
    ? { failures: final.evaluation.failures, tries: final.evaluation.tries }
    : await reproduce(final.evaluation, tryCandidate(progress, runOne, final.transport, final.commands, () => undefined, () => Infinity, sameFailure), config.shrink.tries);
  return {
    reproduction,
    commands: final.summary.commands,
    seed: config.seed,
    path: found.path,
    commandsPath: commandsReplayPath(String(found.commands ?? '')) ?? '',
    replayCommand: replayCommandLine(reportDir),
    result: final.result,
  };
}
