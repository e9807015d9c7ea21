import { cp, mkdir, readdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import { makeReportDir } from '../core/reportDir.js';
import { replayCommandLine } from '../core/replayCommandLine.js';
import { SetupError } from '../errors/SetupError.js';
import { writeHistory } from '../history/jsonl.js';
import type { ResultsFile } from '../model/results.js';
import { HISTORY_FILE, RESULTS_FILE } from '../model/reportFiles.js';
import { renderReport, type RenderedReport } from '../reporters/renderReport.js';
import { checkShards } from './checkShards.js';
import { expandFolders } from './expandFolders.js';
import { mergeResults, shardFolderName, type MergeLayout } from './mergeResults.js';
import { readShards } from './readShards.js';

const debug = createDebug('siochaos:merge');

/** Options of {@link mergeReports}. */
export interface MergeReportsOptions {
  /** The merged report folder (new or empty). Default: `reports/<campaign>-merged/<timestamp>`, and `reports/latest` points at it. */
  out?: string;
  /** Where the default folder goes (default `reports`). */
  reportsDir?: string;
}

/** What {@link mergeReports} wrote. */
export interface MergedReport {
  /** The merged report folder. */
  dir: string;
  results: ResultsFile;
  files: RenderedReport & { results: string; history: string };
}

async function emptyOrNew(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new SetupError(`cannot use ${dir} as the merged report folder: ${err.message}`);
  });
  if (entries.length) throw new SetupError(`${dir} is not empty: give --out a new or empty folder for the merged report`);
  await mkdir(dir, { recursive: true });
}

async function inside(child: string, parent: string): Promise<boolean> {
  const [c, p] = await Promise.all([realpath(child).catch(() => path.resolve(child)), realpath(parent).catch(() => path.resolve(parent))]);
  return c === p || c.startsWith(p + path.sep) || p.startsWith(c + path.sep);
}

/**
 * `siochaos merge`: reads the report folders of a campaign's shards (globs
 * allowed), checks they are shards of one campaign (same split, seed and
 * config, no shard twice), copies each into `shards/shard-i-of-n/` of a new
 * folder and writes there one report of them all: results.json (see
 * mergeResults), history.jsonl (the first failing shard's), report.html,
 * junit.xml (a testsuite per shard) and summary.md. Needs no target, proxy or
 * network. A missing shard does not stop it: the report says so loudly and
 * its verdict cannot be `valid`.
 *
 * @throws SetupError (one line) on no folders, a folder that is not a shard's
 *   report, mixed splits, seeds or configs, a shard given twice, or an --out
 *   folder that is not empty.
 * @example
 * const merged = await mergeReports(['shards/*'], { out: 'merged' });
 * merged.results.verdict; // 'valid' when every shard was
 */
export async function mergeReports(folders: readonly string[], options: MergeReportsOptions = {}): Promise<MergedReport> {
  if (folders.length === 0) throw new SetupError('merge needs the report folders of the shards: siochaos merge shards/* [--out DIR]');
  const dirs = await expandFolders(folders);
  if (dirs.length === 0) throw new SetupError(`no folder matches ${folders.join(' ')}: give the report folders of the shards`);
  const shards = await readShards(dirs);
  const split = checkShards(shards);
  const name = shards[0]!.input.results.config.name;
  let dir: string;
  if (options.out) {
    for (const s of shards) {
      if (await inside(s.dir, options.out)) throw new SetupError(`--out ${options.out} holds or is inside the shard folder ${s.dir}: give a folder of its own`);
    }
    await emptyOrNew(options.out);
    dir = path.resolve(options.out);
  } else {
    dir = await makeReportDir(options.reportsDir ?? 'reports', `${name}-merged`);
  }
  const layout: MergeLayout = {
    outDir: dir,
    folderOf: (s) => shardFolderName(s.shard),
    replayCommandOf: (s) => replayCommandLine(path.join(dir, shardFolderName(s.shard))),
  };
  for (const s of shards) {
    await cp(s.dir, path.join(dir, layout.folderOf(s)), { recursive: true, dereference: true });
    debug('copied shard %d/%d from %s', s.shard.index, s.shard.count, s.dir);
  }
  const { results, history } = mergeResults(shards, split, layout);
  const files = { results: path.join(dir, RESULTS_FILE), history: path.join(dir, HISTORY_FILE) };
  await writeFile(files.results, JSON.stringify(results, null, 2) + '\n');
  await writeHistory(files.history, history);
  const rendered = await renderReport(dir);
  debug('merged %d shards of %d into %s: %s', shards.length, split.count, dir, results.verdict);
  return { dir, results, files: { ...files, ...rendered } };
}
