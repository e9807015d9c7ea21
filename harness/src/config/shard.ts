import { SetupError } from '../errors/SetupError.js';

/** One of `count` disjoint parts of a campaign: the scenarios whose index k has `k mod count == index - 1`. */
export interface Shard {
  /** 1-based: shard 1 of 4 runs scenarios 0, 4, 8, … (fast-check paths). */
  index: number;
  count: number;
}

const EXAMPLE = 'for example --shard 2/4: the second of four parts';

/**
 * Checks a shard: `count` a whole number of at least 1, `index` between 1
 * and `count`.
 *
 * @throws SetupError in one line saying what was wrong.
 * @example
 * checkShard({ index: 5, count: 4 }); // throws: shard 5/4: the index must be between 1 and 4 (…)
 */
export function checkShard(shard: Shard): Shard {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new SetupError(`shard ${index}/${count}: the count must be a whole number of at least 1 (${EXAMPLE})`);
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw new SetupError(`shard ${index}/${count}: the index must be a whole number between 1 and ${count} (${EXAMPLE})`);
  }
  return { index, count };
}

/**
 * Reads `i/n` (as `--shard` and the config's `shard` take it).
 *
 * @throws SetupError in one line when it is not `i/n` with 1 ≤ i ≤ n.
 * @example
 * parseShard('2/4'); // { index: 2, count: 4 }
 * parseShard('x');   // throws: shard "x" is not i/n (…)
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new SetupError(`shard "${text}" is not i/n (${EXAMPLE})`);
  return checkShard({ index: Number(match[1]), count: Number(match[2]) });
}

/**
 * Whether the scenario at fast-check path `k` (0-based) is the shard's: the
 * shards of a campaign are disjoint and together run every index.
 *
 * @example
 * inShard(5, { index: 2, count: 4 }); // true: 5 mod 4 == 1
 */
export function inShard(k: number, shard: Shard | undefined): boolean {
  return !shard || k % shard.count === shard.index - 1;
}

/**
 * The first index of a shard at or after `k`: where its next scenario is.
 *
 * @example
 * nextInShard(6, { index: 2, count: 4 }); // 9
 */
export function nextInShard(k: number, shard: Shard | undefined): number {
  if (!shard) return k;
  const offset = (shard.index - 1 - (k % shard.count) + shard.count) % shard.count;
  return k + offset;
}

/**
 * How a shard is written: `2/4`.
 *
 * @example
 * shardText({ index: 2, count: 4 }); // '2/4'
 */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
