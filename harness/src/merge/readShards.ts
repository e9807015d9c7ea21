import { stat } from 'node:fs/promises';
import { SetupError } from '../errors/SetupError.js';
import { readReportFolder, type ReportInput } from '../reporters/readReportFolder.js';

/** Which part of a campaign a report is: `--shard index/count`. */
export interface ShardOf {
  index: number;
  count: number;
}

/** One shard's report folder, read. */
export interface ShardReport {
  /** The folder as the command line named it. */
  dir: string;
  input: ReportInput;
  shard: ShardOf;
}

/** The shard a report records: results.json's `shard`, else its config's. */
export function shardOf(input: ReportInput): ShardOf | undefined {
  return input.results.shard ?? input.results.config.shard;
}

/**
 * Reads each shard's report folder (results.json and its history).
 *
 * @throws SetupError, one line: a folder that does not exist, is not a report
 *   folder, or is a report of a whole campaign (run without `--shard`).
 * @example
 * const shards = await readShards(['shards/shard-1', 'shards/shard-2']);
 */
export async function readShards(dirs: readonly string[]): Promise<ShardReport[]> {
  const out: ShardReport[] = [];
  for (const dir of dirs) {
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new SetupError(`${dir} is not a folder: give the report folders of the shards (siochaos run --shard i/n wrote them)`);
    let input: ReportInput;
    try {
      input = await readReportFolder(dir);
    } catch (err) {
      throw new SetupError(`${dir} is not a report folder: ${(err as Error).message}`);
    }
    const shard = shardOf(input);
    if (!shard) throw new SetupError(`${dir} is the report of a whole campaign, not of a shard: merge the folders that siochaos run --shard i/n wrote`);
    out.push({ dir, input, shard });
  }
  return out;
}
