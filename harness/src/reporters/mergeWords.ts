import type { MergeFile } from '../model/results.js';
import { shardName } from './shardResults.js';

/**
 * What a merged report was made of, in one sentence; `undefined` for a report of one campaign.
 *
 * @example
 * mergeSentence(results.merge); // 'Merged from 3 of 4 shards: 2 valid, 1 invalid (shard 2/4).' (missing shards: see missingShardsSentence)
 */
export function mergeSentence(merge: MergeFile | undefined): string | undefined {
  if (!merge) return undefined;
  const parts: string[] = [];
  for (const verdict of ['valid', 'invalid', 'unknown'] as const) {
    const shards = merge.shards.filter((s) => s.verdict === verdict);
    if (!shards.length) continue;
    parts.push(`${shards.length} ${verdict}${verdict === 'valid' ? '' : ` (${shards.map((s) => shardName(s)).join(', ')})`}`);
  }
  const interrupted = merge.shards.filter((s) => s.interrupted);
  let text = `Merged from ${merge.shards.length} of ${merge.count} shards: ${parts.join(', ')}`;
  if (interrupted.length) text += `; ${interrupted.map((s) => shardName(s)).join(', ')} ${interrupted.length === 1 ? 'was' : 'were'} interrupted`;
  return `${text}.`;
}

/**
 * The warning for shards the merge had no report of; `undefined` when none is missing.
 *
 * @example
 * missingShardsSentence(results.merge); // 'Shard 3/4 is missing: no report folder of it was merged, so its scenarios were not judged.'
 */
export function missingShardsSentence(merge: MergeFile | undefined): string | undefined {
  if (!merge?.missing.length) return undefined;
  const names = merge.missing.map((i) => shardName({ index: i, count: merge.count }));
  const one = names.length === 1;
  return `${one ? 'Shard' : 'Shards'} ${names.map((n) => n.replace(/^shard /, '')).join(', ')} ${one ? 'is' : 'are'} missing: no report folder of ${one ? 'it' : 'them'} was merged, so ${one ? 'its' : 'their'} scenarios were not judged.`;
}
