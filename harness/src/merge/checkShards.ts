import type { CampaignConfig } from '../config/types.js';
import { configDigest } from '../core/configDigest.js';
import { SetupError } from '../errors/SetupError.js';
import type { ShardReport } from './readShards.js';

/** The digest of a config as results.json stores it (unlimited retries are null there, as the digest writes Infinity). */
function digestOf(config: Record<string, unknown>): string {
  return configDigest(config as unknown as CampaignConfig);
}

/**
 * The config fields whose values differ between two shards' configs, among
 * those the config digest covers (name, budgets, outputs, workers and shard
 * may differ between the shards of one campaign).
 *
 * @example
 * configDifferences({ clients: 3, runs: 10 }, { clients: 5, runs: 20 }); // ['clients']
 */
export function configDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => digestOf({ [k]: a[k] }) !== digestOf({ [k]: b[k] })).sort();
}

/** The digest a shard's run recorded of its config, else one figured from its config (a file older than configDigest). */
function digestOfShard(report: ShardReport): string {
  return report.input.results.configDigest ?? digestOf(report.input.results.config);
}

function label(report: ShardReport): string {
  return `${report.dir} (shard ${report.shard.index}/${report.shard.count})`;
}

/**
 * Checks that the reports are shards of one campaign: the same split, no shard
 * twice, the same seed and the same config digest (core/configDigest.ts: name,
 * budgets, outputs, workers and shard may differ), and says
 * which shards of the split are missing.
 *
 * @returns the shard count and the indices missing, ascending.
 * @throws SetupError with one line naming the folders and what differs.
 * @example
 * const { count, missing } = checkShards(shards); // { count: 4, missing: [3] }
 */
export function checkShards(shards: readonly ShardReport[]): { count: number; missing: number[] } {
  const first = shards[0];
  if (!first) throw new SetupError('merge needs the report folders of the shards: siochaos merge shards/* [--out DIR]');
  for (const s of shards) {
    if (s.shard.count !== first.shard.count) {
      throw new SetupError(`shards of different splits: ${label(first)} and ${label(s)}: merge the shards of one campaign`);
    }
    if (s.shard.index < 1 || s.shard.index > s.shard.count) throw new SetupError(`${label(s)} is not a shard of ${s.shard.count}`);
  }
  const seen = new Map<number, ShardReport>();
  for (const s of shards) {
    const twin = seen.get(s.shard.index);
    if (twin) throw new SetupError(`shard ${s.shard.index}/${s.shard.count} given twice: ${twin.dir} and ${s.dir}: give each shard's folder once`);
    seen.set(s.shard.index, s);
  }
  for (const s of shards) {
    if (s.input.results.seed !== first.input.results.seed) {
      throw new SetupError(
        `shards ran with different seeds: ${first.input.results.seed} in ${label(first)}, ${s.input.results.seed} in ${label(s)}: run every shard with the same --seed`,
      );
    }
  }
  for (const s of shards) {
    const digests = [digestOfShard(first), digestOfShard(s)];
    if (digests[0] !== digests[1]) {
      const fields = configDifferences(first.input.results.config, s.input.results.config);
      const what = fields.length ? `they differ in ${fields.join(', ')}` : `their config digests differ (${digests[0]}, ${digests[1]})`;
      throw new SetupError(`shards ran with different configs: ${label(first)} and ${label(s)}: ${what}: run every shard with the same config`);
    }
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.shard.count; i++) if (!seen.has(i)) missing.push(i);
  return { count: first.shard.count, missing };
}
