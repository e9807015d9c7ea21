import { SetupError } from '../errors/SetupError.js';
import { provideRedis } from '../provision/redis.js';
import { redactRedisUrl } from '../provision/redisClient.js';
import { locateRedisServer } from '../provision/redisServerBinary.js';
import type { DoctorCheck } from './doctorCheck.js';

/** The adapters whose nodes talk through Redis. */
const REDIS_ADAPTERS: readonly unknown[] = ['redis', 'redis-streams'];

/**
 * Whether a target needs Redis: its config names a Redis adapter, or one of
 * its commands takes the `{redisUrl}` placeholder.
 *
 * @example
 * targetNeedsRedis({ kind: 'reference', nodes: 3, adapter: 'redis-streams' }); // true
 * targetNeedsRedis({ kind: 'command', command: ['node', 'server.js'] });       // false
 */
export function targetNeedsRedis(target: object | undefined): boolean {
  if (!target) return false;
  if ('adapter' in target && REDIS_ADAPTERS.includes(target.adapter)) return true;
  return JSON.stringify(target).includes('{redisUrl}');
}

/**
 * Which Redis a campaign would use, for `siochaos doctor`, and whether it
 * answers: the one at `REDIS_URL` (PINGed), else a `redis-server` from PATH
 * (started on a free loopback port, PINGed, stopped). It installs nothing.
 * A failure only when the target needs Redis ({@link targetNeedsRedis});
 * otherwise a missing Redis is said, not fatal.
 *
 * @example
 * await redisCheck(false); // { name: 'redis', ok: true, detail: '/usr/bin/redis-server answered PING (siochaos starts its own ...)' }
 */
export async function redisCheck(needed: boolean, env: NodeJS.ProcessEnv = process.env): Promise<DoctorCheck> {
  let redis;
  try {
    redis = await provideRedis({ env, install: false });
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
    if (needed) return { name: 'redis', ok: false, detail: `the target's nodes use Redis: ${err.message}` };
    return { name: 'redis', ok: true, detail: `none, and only targets whose nodes use Redis need one: ${err.message}` };
  }
  try {
    return redis.owned
      ? { name: 'redis', ok: true, detail: `${locateRedisServer(env)} answered PING (siochaos starts its own on a free loopback port for a campaign, and stops it)` }
      : { name: 'redis', ok: true, detail: `REDIS_URL=${redactRedisUrl(redis.url)} answered PING` };
  } finally {
    await redis.stop();
  }
}
