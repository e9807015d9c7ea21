/** How often a zoo bug's shrunk counterexample fails again when replayed. */
import zoo from '../../scenarios/zoo.js';
import {
  jsonReporter,
  repeatReplay,
  replayPlan,
  resolveConfig,
  runCampaign,
} from '../../harness/src/index.js';
import { isBugName } from '../../reference-server/src/bugs.js';
import { ZOO_CAMPAIGN } from '../zoo/zooCampaign.js';
import { ZOO_SEEDS } from '../zoo/zooSeeds.js';

/** One bug's replays. */
export interface BugReplays {
  bug: string;
  seed: number;
  /** Whether the campaign found the bug and shrank a counterexample to replay. */
  found: boolean;
  counterexample: string[];
  kinds: string[];
  repeat: number;
  /** Replays that brought every anomaly kind of the report back. */
  reproduced: number;
  /** Of those, replays that brought them back on the same messages. */
  sameMessages: number;
  /** Each replay's verdict and the kinds it found. */
  replays: { verdict: string; reproduced: boolean; kinds: string[] }[];
  reportDir: string | null;
  error?: string;
}

/** Where and how long. */
export interface BugReplaysOptions {
  reportsDir: string;
  repeat: number;
  /** How shrinking judges a candidate (default: the campaign's, 1 failure in 3 runs). */
  shrink?: { tries?: number; failures?: number };
  /** Search budget of the campaign that finds the bug. */
  searchMs: number;
  /** Shrink budget. */
  shrinkMs: number;
  signal: AbortSignal;
  progress(line: string): void;
}

/**
 * Finds `bug` with the zoo scenario and settings and its zoo seed (search,
 * then shrink), then replays the shrunk counterexample `repeat` times with
 * {@link repeatReplay} and counts how many brought the report's anomalies back.
 *
 * @example
 * const r = await measureBugReplays('no-unique', { reportsDir, repeat: 10, searchMs: 60_000, shrinkMs: 30_000, signal, progress });
 * `${r.reproduced} of ${r.repeat}`; // '10 of 10'
 */
export async function measureBugReplays(bug: string, options: BugReplaysOptions): Promise<BugReplays> {
  if (!isBugName(bug)) throw new Error(`no zoo bug named ${bug}: see reference-server/src/bugs.ts`);
  const seed = ZOO_SEEDS[bug];
  const reporters = () => [jsonReporter()];
  const found = await runCampaign(
    resolveConfig({
      ...ZOO_CAMPAIGN,
      name: `soak-replay-${bug}`,
      scenario: zoo,
      seed,
      timeLimitMs: options.searchMs,
      shrinkTimeLimitMs: options.shrinkMs,
      ...(options.shrink ? { shrink: options.shrink } : {}),
      target: { kind: 'reference', bugs: [bug] },
      reporters: ['json'],
      reportsDir: options.reportsDir,
    }),
    { reporters: reporters(), signal: options.signal },
  );
  const base: BugReplays = {
    bug,
    seed,
    found: found.counterexample !== undefined,
    counterexample: found.counterexample?.commands ?? [],
    kinds: [...new Set(found.anomalies.map((a) => a.kind))],
    repeat: options.repeat,
    reproduced: 0,
    sameMessages: 0,
    replays: [],
    reportDir: found.reportDir,
    ...(found.error ? { error: found.error } : {}),
  };
  if (!found.counterexample) {
    options.progress(`  ${bug} seed ${seed}: no counterexample (${found.verdict}${found.error ? `: ${found.error}` : ''})`);
    return base;
  }
  options.progress(`  ${bug} seed ${seed}: ${base.kinds.join(', ')} in ${found.counterexample.commands.length} steps; replaying ${options.repeat}×`);
  const plan = await replayPlan(found.reportDir);
  const series = await repeatReplay(
    plan,
    options.repeat,
    (replay) => runCampaign(resolveConfig({ ...replay, reportsDir: options.reportsDir }), { reporters: reporters(), signal: options.signal }),
    () => options.signal.aborted,
  );
  base.reproduced = series.reproduced;
  base.sameMessages = series.runs.filter((r) => r.replay?.sameMessages).length;
  base.replays = series.runs.map((r) => ({
    verdict: r.verdict,
    reproduced: r.replay?.reproduced ?? false,
    kinds: [...new Set(r.anomalies.map((a) => a.kind))],
  }));
  options.progress(`  ${bug}: reproduced ${series.reproduced} of ${options.repeat} (${base.sameMessages} on the same messages)`);
  return base;
}
