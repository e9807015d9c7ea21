import type { MergeFile, Verdict } from '../../model/results.js';
import { mergeSentence, missingShardsSentence } from '../mergeWords.js';
import { shardName } from '../shardResults.js';
import { mdBlock, mdCode, mdText } from './escape.js';

function took(ms: number): string {
  return ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * summary.md's lines for a merged report: the missing shards first (loud),
 * what it was merged from, a table of the shards (a row for each missing
 * one too), and the replay command of every shard's counterexample.
 *
 * @example
 * out.push(...shardLines(results.merge, { valid: '✅', invalid: '❌', unknown: '⚠️' }));
 */
export function shardLines(merge: MergeFile, marks: Record<Verdict, string>): string[] {
  const out: string[] = [];
  const missing = missingShardsSentence(merge);
  if (missing) out.push(`> ⚠️ **${mdText(missing)}**`, '');
  out.push(mdText(mergeSentence(merge) ?? ''), '');
  out.push('| Shard | Verdict | Scenarios | Invalid | Unknown | Shrink runs | Messages sent | Took | Report |', '|---|---|---:|---:|---:|---:|---:|---:|---|');
  const byIndex = new Map(merge.shards.map((s) => [s.index, s]));
  for (let index = 1; index <= merge.count; index++) {
    const s = byIndex.get(index);
    if (!s) {
      out.push(`| ${index}/${merge.count} | ⚠️ missing | – | – | – | – | – | – | – |`);
      continue;
    }
    const f = s.figures;
    const verdict = `${marks[s.verdict]} ${s.verdict}${s.interrupted ? ' (interrupted)' : ''}`;
    out.push(`| ${index}/${merge.count} | ${verdict} | ${f.scenarios} | ${f.invalid} | ${f.unknown} | ${f.shrinkRuns} | ${f.messagesSent} | ${took(s.durationMs)} | ${mdCode(`${s.folder}/report.html`)} |`);
  }
  out.push('');
  const failing = merge.shards.filter((s) => s.counterexample);
  if (failing.length) {
    out.push(`**Counterexamples by shard** (a replay needs only the shard's folder: its config, seed and path):`, '');
    for (const s of failing) {
      const cx = s.counterexample!;
      out.push(`- ${shardName(s)}: ${cx.commands.length} ${cx.commands.length === 1 ? 'step' : 'steps'}`, '', mdBlock(cx.replayCommand, 'sh'), '');
    }
  }
  return out;
}
