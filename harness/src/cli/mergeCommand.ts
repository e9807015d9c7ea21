import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf } from '../core/exitCode.js';
import { mergeReports } from '../merge/mergeReports.js';
import { missingShardsSentence } from '../reporters/mergeWords.js';
import { shardName } from '../reporters/shardResults.js';
import { verdictSentence } from '../reporters/verdictWords.js';

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * `siochaos merge <folders or globs...> [--out DIR]`: merges the report
 * folders of a campaign's shards into one report folder (see mergeReports),
 * prints a line per shard, a warning per missing shard (on stderr), the
 * merged verdict and the files written. Exit code: the merged verdict's (0
 * valid, 1 invalid, 2 unknown; a missing shard makes a verdict that was
 * otherwise valid unknown). Bad input throws SetupError (one line, exit 2).
 *
 * @example
 * process.exitCode = await mergeCommand(['shards/*', '--out', 'merged']);
 */
export async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const merged = await mergeReports(positionals, values.out === undefined ? {} : { out: values.out });
  const { results } = merged;
  const merge = results.merge!;
  for (const s of merge.shards) {
    const f = s.figures;
    const extra = s.interrupted ? ', interrupted' : s.error ? `, could not decide: ${s.error}` : '';
    const scenarios = `${f.scenarios} ${f.scenarios === 1 ? 'scenario' : 'scenarios'}`;
    console.log(`siochaos merge: ${shardName(s)} ${s.verdict}${extra}: ${scenarios}, ${f.messagesSent} ${f.messagesSent === 1 ? 'message' : 'messages'} (from ${s.source})`);
  }
  const missing = missingShardsSentence(merge);
  if (missing) console.error(`siochaos merge: WARNING: ${missing}`);
  console.log(`siochaos merge: ${results.verdict}: ${verdictSentence(results)}`);
  if (results.counterexample) console.log(`replay: ${results.counterexample.replayCommand}`);
  for (const file of [merged.files.results, merged.files.html, merged.files.junit, merged.files.markdown]) console.log(`wrote ${shown(file)}`);
  return exitCodeOf(results.verdict);
}
