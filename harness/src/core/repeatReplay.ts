import type { Verdict } from '../checkers/Checker.js';
import type { CampaignOptions } from '../config/types.js';
import type { CampaignResult } from './CampaignResult.js';
import type { ReplayPlan } from './replay.js';

/** What replaying one counterexample N times found. */
export interface RepeatedReplay {
  /** How many replays were asked for. */
  repeat: number;
  /** Each replay's result, in order (fewer than `repeat` when interrupted). */
  runs: CampaignResult[];
  /** How many of them brought the report's anomalies back. */
  reproduced: number;
  /** `invalid` if any replay found an anomaly (the same or another), else `unknown` if any could not decide, else `valid`. */
  verdict: Verdict;
}

/**
 * The verdict of several replays: an anomaly in any of them is a finding
 * (`invalid`, exit code 1), whether or not it is the report's; else a replay
 * that could not decide makes it `unknown`; else `valid`.
 *
 * @example
 * repeatedVerdict([{ verdict: 'valid' }, { verdict: 'invalid' }]); // 'invalid'
 */
export function repeatedVerdict(runs: readonly Pick<CampaignResult, 'verdict' | 'interrupted'>[]): Verdict {
  if (runs.some((r) => r.verdict === 'invalid')) return 'invalid';
  if (runs.length === 0 || runs.some((r) => r.verdict === 'unknown' || r.interrupted)) return 'unknown';
  return 'valid';
}

/**
 * Replays a report's counterexample `repeat` times, one campaign of one
 * scenario each, and counts how many brought its anomalies back. `run` runs
 * one replay (the CLI's with its reporters and Ctrl-C handling, a bench's
 * quietly); `stop` ends the series early (an interrupt).
 *
 * @example
 * const plan = await replayPlan('reports/latest');
 * const series = await repeatReplay(plan, 10, (options) => runCampaign(resolveConfig(options)));
 * console.log(`reproduced ${series.reproduced} of ${series.runs.length}`);
 */
export async function repeatReplay(
  plan: ReplayPlan,
  repeat: number,
  run: (options: CampaignOptions, attempt: number) => Promise<CampaignResult>,
  stop: () => boolean = () => false,
): Promise<RepeatedReplay> {
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a whole number of at least 1, got ${repeat}`);
  const runs: CampaignResult[] = [];
  for (let attempt = 1; attempt <= repeat; attempt++) {
    runs.push(await run(plan.options, attempt));
    if (stop()) break;
  }
  return { repeat, runs, reproduced: runs.filter((r) => r.replay?.reproduced).length, verdict: repeatedVerdict(runs) };
}

/**
 * The line that sums a series of replays up.
 *
 * @example
 * reproducedLine(series); // 'reproduced 9 of 10 (duplicated); 1 valid'
 */
export function reproducedLine(series: RepeatedReplay): string {
  const kinds = [...new Set(series.runs[0]?.replay?.expected.map((a) => a.kind) ?? [])].join(', ');
  const count = (verdict: Verdict) => series.runs.filter((r) => r.verdict === verdict && !r.replay?.reproduced).length;
  const others = [
    count('invalid') ? `${count('invalid')} with other anomalies` : '',
    count('valid') ? `${count('valid')} valid` : '',
    count('unknown') ? `${count('unknown')} undecided` : '',
    series.runs.length < series.repeat ? `${series.repeat - series.runs.length} not run (interrupted)` : '',
  ].filter(Boolean);
  return `reproduced ${series.reproduced} of ${series.repeat}${kinds ? ` (${kinds})` : ''}${others.length ? `; ${others.join(', ')}` : ''}`;
}
