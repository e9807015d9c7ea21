import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { campaignPhases } from '../../src/core/campaignPhases.js';
import { noPhases } from '../../src/core/phaseClock.js';
import { historyToJsonl } from '../../src/history/jsonl.js';
import type { ResultsFile } from '../../src/model/results.js';
import { resultsFor, validHistory, xssHistory } from '../reporters/fixtures.js';

/** What a fixture shard concluded. */
export type ShardOutcome = 'valid' | 'invalid' | 'unknown' | 'interrupted';

/**
 * A shard's report folder as `siochaos run --shard index/count` writes it: results.json (one
 * scenario, numbered `index` as the campaign numbers it, with `shard`) and history.jsonl; valid from
 * validHistory, invalid from xssHistory (lost and duplicated, with a counterexample), unknown with an
 * undecided scenario, interrupted as Ctrl-C leaves it.
 */
export async function shardFolder(dir: string, index: number, count: number, outcome: ShardOutcome, change: (r: ResultsFile) => void = () => {}): Promise<string> {
  const history = outcome === 'invalid' ? xssHistory() : validHistory();
  const { results } = resultsFor(history);
  results.shard = { index, count };
  results.startedAt = `2026-12-07T01:0${index}:00.000Z`;
  results.durationMs = 1000 * index;
  results.figures.faultsInjected = { 'limit-data': 1, [`fault-of-${index}`]: index };
  results.faultFamilies = [{ family: 'network', drawn: [`fault-of-${index}`], skipped: [{ fault: 'node-crash', reason: 'one node' }] }];
  results.historyScenario = index;
  for (const s of results.scenarios ?? []) {
    s.index = index;
    // Shard i's scenario spends 100·i ms starting its target and 10·i ms on its commands.
    s.figures.phasesMs = { ...noPhases(), target: 100 * index, commands: 10 * index };
  }
  results.figures.phasesMs = campaignPhases((results.scenarios ?? []).flatMap((s) => s.figures.phasesMs ?? []));
  if (outcome === 'unknown' || outcome === 'interrupted') {
    results.verdict = 'unknown';
    results.figures.valid = 0;
    results.figures.unknown = 1;
    for (const s of results.scenarios ?? []) s.verdict = 'unknown';
    results.unknowns = [{ index, reason: `scenario ${index} timed out` }];
    results.interrupted = outcome === 'interrupted';
  }
  if (results.counterexample) results.counterexample.replayCommand = `npx siochaos replay /elsewhere/shard-${index}`;
  change(results);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'results.json'), JSON.stringify(results, null, 2));
  await writeFile(path.join(dir, 'history.jsonl'), historyToJsonl(history));
  return dir;
}
