import type { Verdict } from '../checkers/Checker.js';
import { campaignPhases } from '../core/campaignPhases.js';
import type { MergedShard, ResultsFile, ScenarioResultFile } from '../model/results.js';
import type { ReportInput } from '../reporters/resultsFile.js';
import { HISTORY_FILE } from '../model/reportFiles.js';
import type { ShardReport } from './readShards.js';
import { mergeFaultFamilies, mergeSkippedFaults, sumFigures } from './sumFigures.js';

/** Where each shard's copy lives in the merged folder, and how a replay names it. */
export interface MergeLayout {
  /** The merged report folder. */
  outDir: string;
  /** The shard's folder inside the merged one, relative to it: `shards/shard-2-of-4`. */
  folderOf(shard: ShardReport): string;
  /** The command line that replays the counterexample of the shard's copy. */
  replayCommandOf(shard: ShardReport): string;
}

/**
 * The folder a shard's report is copied to inside the merged folder.
 *
 * @example
 * shardFolderName({ index: 2, count: 4 }); // 'shards/shard-2-of-4'
 */
export function shardFolderName(shard: { index: number; count: number }): string {
  return `shards/shard-${shard.index}-of-${shard.count}`;
}

/**
 * The merged verdict: `invalid` when any shard is, else `unknown` when any
 * shard is or a shard is missing, else `valid`.
 *
 * @example
 * mergedVerdict(['valid', 'unknown', 'invalid'], 0); // 'invalid'
 * mergedVerdict(['valid', 'valid'], 1);              // 'unknown' (a shard is missing)
 */
export function mergedVerdict(verdicts: readonly Verdict[], missing: number): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  if (missing > 0 || verdicts.includes('unknown') || verdicts.length === 0) return 'unknown';
  return 'valid';
}

function endOf(r: ResultsFile): number {
  return Date.parse(r.startedAt) + r.durationMs;
}

/** Why the merge could not decide, when a shard was missing, failed or was interrupted: for results.json's `error`. */
function mergeProblems(shards: readonly ShardReport[], count: number, missing: readonly number[]): string[] {
  const problems: string[] = [];
  if (missing.length) {
    const one = missing.length === 1;
    problems.push(
      `${one ? 'shard' : 'shards'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${one ? 'is' : 'are'} missing (no report folder given), so ${one ? 'its' : 'their'} scenarios were not judged`,
    );
  }
  for (const s of shards) {
    const r = s.input.results;
    const name = `shard ${s.shard.index}/${count}`;
    if (r.error) problems.push(`${name} could not decide: ${r.error}`);
    else if (r.interrupted) problems.push(`${name} was interrupted after ${r.figures.scenarios} ${r.figures.scenarios === 1 ? 'scenario' : 'scenarios'}`);
  }
  return problems;
}

/**
 * The shard whose counterexample and history the merged report shows first:
 * the invalid one whose failing search scenario comes first in the campaign
 * (the failure the unsharded campaign of the seed would show), else the first
 * undecided, else the first.
 */
function shownShard(shards: readonly ShardReport[]): ShardReport | undefined {
  const invalid = shards.filter((s) => s.input.results.verdict === 'invalid');
  const first = invalid.sort((a, b) => firstFailingIndex(a) - firstFailingIndex(b) || a.shard.index - b.shard.index)[0];
  return first ?? shards.find((s) => s.input.results.verdict === 'unknown') ?? shards[0];
}

/** The campaign index of a shard's first invalid search scenario (Infinity when it lists none). */
function firstFailingIndex(shard: ShardReport): number {
  const failing = (shard.input.results.scenarios ?? []).filter((s) => s.phase !== 'shrink' && s.verdict === 'invalid').map((s) => s.index);
  return Math.min(Infinity, ...failing);
}

function mergedShard(s: ShardReport, layout: MergeLayout): MergedShard {
  const r = s.input.results;
  return {
    index: s.shard.index,
    count: s.shard.count,
    verdict: r.verdict,
    interrupted: r.interrupted,
    ...(r.error ? { error: r.error } : {}),
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    figures: r.figures,
    folder: layout.folderOf(s),
    source: s.dir,
    ...(r.counterexample ? { counterexample: { ...r.counterexample, replayCommand: layout.replayCommandOf(s) } } : {}),
    anomalies: r.anomalies,
  };
}

/**
 * One report from the reports of a campaign's shards (checked by
 * checkShards): the verdict merged (see {@link mergedVerdict}), figures
 * summed (the phase medians figured again from the scenarios), fault
 * families and skipped faults merged, every scenario and
 * undecided scenario tagged with its shard, and `merge` listing each shard
 * with its verdict, figures and counterexample (replayed from its copy in the
 * merged folder). The top level shows the first invalid shard's
 * counterexample, anomalies and history, so report.html and `siochaos replay`
 * of the merged folder work as for one campaign.
 *
 * @example
 * const { results, history } = mergeResults(shards, { count: 4, missing: [] }, layout);
 */
export function mergeResults(shards: readonly ShardReport[], split: { count: number; missing: readonly number[] }, layout: MergeLayout): ReportInput {
  const sorted = [...shards].sort((a, b) => a.shard.index - b.shard.index);
  const all = sorted.map((s) => s.input.results);
  const first = all[0];
  if (!first) throw new Error('mergeResults needs at least one shard');
  const verdict = mergedVerdict(all.map((r) => r.verdict), split.missing.length);
  const shown = shownShard(sorted);
  const shownResults = shown?.input.results;
  const start = Math.min(...all.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...all.map(endOf));
  const problems = verdict === 'invalid' ? [] : mergeProblems(sorted, split.count, split.missing);
  const { shard: _shard, ...config } = first.config;
  const tagged = sorted.flatMap((s) => (s.input.results.scenarios ?? []).map((summary) => ({ ...summary, shard: s.shard.index })));
  const scenarios = [
    ...tagged.filter((x) => x.phase !== 'shrink').sort((a, b) => a.index - b.index || a.shard - b.shard),
    ...tagged.filter((x) => x.phase === 'shrink'),
  ];
  // Medians cannot be summed: the phases are figured again from every scenario, as one campaign would.
  const phases = campaignPhases(scenarios.flatMap((x) => x.figures.phasesMs ?? []));
  const notJudged = new Map(all.flatMap((r) => r.notJudged ?? []).map((n) => [n.kind, n] as const));
  const counterexample = shown && shownResults?.counterexample
    ? { ...shownResults.counterexample, replayCommand: layout.replayCommandOf(shown), result: shownResults.counterexample.result as ScenarioResultFile }
    : undefined;
  const results: ResultsFile = {
    version: first.version,
    verdict,
    seed: first.seed,
    startedAt: new Date(start).toISOString(),
    durationMs: Math.max(0, end - start),
    interrupted: all.some((r) => r.interrupted),
    ...(problems.length ? { error: problems.join('; ') } : {}),
    config,
    ...(first.configDigest ? { configDigest: first.configDigest } : {}),
    figures: { ...sumFigures(all.map((r) => r.figures)), ...(phases ? { phasesMs: phases } : {}) },
    ...(counterexample ? { counterexample } : {}),
    anomalies: shownResults?.anomalies ?? [],
    unknowns: sorted.flatMap((s) => s.input.results.unknowns.map((u) => ({ ...u, shard: s.shard.index }))),
    skippedFaults: mergeSkippedFaults(all.map((r) => r.skippedFaults)),
    faultFamilies: mergeFaultFamilies(all.map((r) => r.faultFamilies)),
    ...(notJudged.size ? { notJudged: [...notJudged.values()] } : {}),
    ...(first.rowsMatchedBy ? { rowsMatchedBy: first.rowsMatchedBy } : {}),
    ...(first.storeScope ? { storeScope: first.storeScope } : {}),
    reportDir: layout.outDir,
    historyFile: HISTORY_FILE,
    ...(shownResults?.historyScenario !== undefined ? { historyScenario: shownResults.historyScenario } : {}),
    scenarios,
    merge: {
      count: split.count,
      shards: sorted.map((s) => mergedShard(s, layout)),
      missing: [...split.missing],
      ...(shown ? { shown: shown.shard.index } : {}),
    },
  };
  return { results, history: shown?.input.history ?? [] };
}
