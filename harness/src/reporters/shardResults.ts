import type { MergedShard, ResultsFile } from '../model/results.js';

/**
 * One shard of a merged report as a results file of its own: its verdict,
 * figures, counterexample, anomalies, scenarios and undecided scenarios, with
 * the campaign's config. What the JUnit renderer makes a testsuite of.
 *
 * @example
 * for (const shard of results.merge?.shards ?? []) renderSuite(shardResults(results, shard));
 */
export function shardResults(merged: ResultsFile, shard: MergedShard): ResultsFile {
  const { merge: _merge, counterexample: _cx, error: _error, historyScenario: _h, ...rest } = merged;
  return {
    ...rest,
    verdict: shard.verdict,
    interrupted: shard.interrupted,
    ...(shard.error ? { error: shard.error } : {}),
    startedAt: shard.startedAt,
    durationMs: shard.durationMs,
    figures: shard.figures,
    ...(shard.counterexample ? { counterexample: shard.counterexample } : {}),
    anomalies: shard.anomalies,
    unknowns: merged.unknowns.filter((u) => u.shard === shard.index),
    scenarios: (merged.scenarios ?? []).filter((s) => s.shard === shard.index),
    shard: { index: shard.index, count: shard.count },
  };
}

/**
 * A shard's name in reports: `shard 2/4`.
 *
 * @example
 * shardName({ index: 2, count: 4 }); // 'shard 2/4'
 */
export function shardName(shard: { index: number; count: number }): string {
  return `shard ${shard.index}/${shard.count}`;
}
