import { createHash } from 'node:crypto';
import type { CampaignConfig } from '../config/types.js';

/**
 * The config fields that do not change which scenarios a campaign runs nor
 * how they are judged: its name, budgets, outputs, how it is split (workers,
 * shard) and a replay's point. Every other field is in {@link configDigest}.
 */
const LEFT_OUT = ['name', 'runs', 'timeLimitMs', 'shrinkTimeLimitMs', 'reporters', 'reportsDir', 'keepAllHistories', 'replay', 'workers', 'shard'] as const;

/** JSON with object keys sorted at every depth, Infinity as null, functions left out: the same config gives the same text. */
function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/**
 * A stable digest (16 hex characters of SHA-256) of what makes a campaign the
 * one it is: the seed, the scenario definition (name, weights, faults,
 * families…), clients, strategy, ack timeout, retries, maxCommands,
 * transport, texts, the target (kind, bugs, nodes, adapter, command…),
 * protocol, store, database, browser clients, the final phase's bounds and
 * the shrink judgement. It leaves out the name, the budgets (runs, time
 * limits), the outputs (reporters, reports folder, histories), the replay
 * point and how the campaign is split (workers, shard). Shards of one
 * campaign carry the same digest: `siochaos merge` refuses folders whose
 * digests differ.
 *
 * @example
 * configDigest(resolveConfig({ seed: 1 })) === configDigest(resolveConfig({ seed: 1, workers: 4 })); // true
 */
export function configDigest(config: CampaignConfig): string {
  const kept = Object.fromEntries(Object.entries(config).filter(([key]) => !(LEFT_OUT as readonly string[]).includes(key)));
  return createHash('sha256').update(JSON.stringify(canonical(kept))).digest('hex').slice(0, 16);
}
