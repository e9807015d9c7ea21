import { randomBytes } from 'node:crypto';
import { connectRedis, REDIS_TIMEOUT_MS } from './redisClient.js';

/** Tells this process's prefixes from another's that had the same PID (on another machine, or earlier). */
const PROCESS_TAG = `${process.pid}-${randomBytes(2).toString('hex')}`;
let scenarios = 0;

/**
 * A key and channel prefix of its own for one scenario: unique in this
 * process (a counter) and across processes sharing one Redis (PID plus a
 * random tag), so concurrent and successive scenarios never see each other.
 *
 * @example
 * scenarioRedisPrefix(); // 'siochaos:4242-a1f3:7:'
 */
export function scenarioRedisPrefix(): string {
  scenarios += 1;
  return `siochaos:${PROCESS_TAG}:${scenarios}:`;
}

/** A prefix as a SCAN MATCH pattern: its glob characters escaped, then `*`. */
function matchPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

/** How long {@link deleteRedisKeys} may take, all SCAN and UNLINK rounds together (ms). */
export const DELETE_KEYS_TIMEOUT_MS = 10_000;

/**
 * Deletes every key under `prefix` in the Redis at `url` (SCAN, then UNLINK
 * what each round found), and nothing else. Bounded: each command has a
 * timeout, and all rounds together `timeoutMs`.
 *
 * @returns how many keys it deleted.
 * @throws when the prefix is empty (that would be every key), Redis does not answer, or time runs out.
 * @example
 * const prefix = scenarioRedisPrefix();
 * // ... the scenario's nodes use prefix ...
 * await deleteRedisKeys(redis.url, prefix);
 */
export async function deleteRedisKeys(url: string, prefix: string, timeoutMs = DELETE_KEYS_TIMEOUT_MS): Promise<number> {
  if (prefix === '') throw new Error('deleteRedisKeys refuses an empty prefix: it would delete every key');
  const deadline = Date.now() + timeoutMs;
  const redis = await connectRedis(url, Math.min(REDIS_TIMEOUT_MS, timeoutMs));
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      if (Date.now() > deadline) throw new Error(`deleting the Redis keys under ${prefix} took over ${timeoutMs} ms (${deleted} deleted, some left)`);
      const [next, keys] = await redis.scan(cursor, 'MATCH', matchPattern(prefix), 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
